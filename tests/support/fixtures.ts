import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in fixtures/. */
export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

/** A CSV without quoting (as the generated fixtures are) as records of text; empty cells stay ''. */
export function readSimpleCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    if (cells.length !== names.length) throw new Error(`readSimpleCsv: ${path} has a quoted or ragged line: ${line}`);
    return Object.fromEntries(names.map((n, i) => [n, cells[i]!]));
  });
}

interface InjectedEffect {
  stage: string;
  attribute: string;
  group: string;
  expectedImpactRatio: number;
}

interface DatasetEffects {
  file: string;
  seed: number;
  rows: number;
  candidates: number;
  stages: string[];
  protectedAttributes: string[];
  injectedEffects: InjectedEffect[];
}

/** fixtures/effects.json: what each generated dataset is known to contain. */
export function effectsOf(file: string): DatasetEffects {
  const all = JSON.parse(readFileSync(fixture('effects.json'), 'utf8')) as { datasets: DatasetEffects[] };
  const found = all.datasets.find((d) => d.file === file);
  if (!found) throw new Error(`effects.json has no entry for ${file}`);
  return found;
}
