import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../support/tmp.js';

/**
 * The layering of the code (issue 11 item 7): dependency-cruiser with .dependency-cruiser.cjs
 * (import rules) and .dependency-cruiser.runtime.cjs (what a module loads, type-only imports left
 * out), and knip for unused dependencies, exports and files. Both run here so that `npm test`
 * fails on a broken boundary; a fixture tree shows that each rule catches a wrong import.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const DEPCRUISE = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const KNIP = join(root, 'node_modules/knip/bin/knip.js');
const CONFIGS = ['.dependency-cruiser.cjs', '.dependency-cruiser.runtime.cjs'];

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Every violation of both configurations, for the `src` tree under `cwd`. */
function violations(cwd: string): Violation[] {
  return CONFIGS.flatMap((config) => {
    const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', join(root, config), '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    if (run.stdout.trim() === '') throw new Error(`dependency-cruiser (${config}) printed nothing:\n${run.stderr}`);
    const report = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    return report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  });
}

const listed = (vs: Violation[]) => vs.map((v) => `${v.rule}: ${v.from} -> ${v.to}`).join('\n');

/** dependency-cruiser and knip parse the whole tree: 10 to 20 s alone, over a minute on a loaded 2-core machine. */
const WHOLE_TREE_TIMEOUT_MS = 240_000;

describe('the code keeps its layers', () => {
  it('dependency-cruiser finds no forbidden import in src', { timeout: WHOLE_TREE_TIMEOUT_MS }, () => {
    const found = violations(root);
    expect(found, `forbidden imports:\n${listed(found)}`).toEqual([]);
  });

  it('knip finds no unused dependency, export or file', { timeout: WHOLE_TREE_TIMEOUT_MS }, () => {
    const run = spawnSync(process.execPath, [KNIP, '--no-progress'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    expect(run.status, `knip:\n${run.stdout}${run.stderr}`).toBe(0);
  });
});

describe('each rule catches a deliberately wrong import (a fixture tree)', () => {
  const tmp = useTempDir('hireaudit-layers-');
  /** path -> source; `import … from './x.js'` resolves to x.ts as in the real tree. */
  const tree: Record<string, string> = {
    'src/audit/contract/audit-result.ts': 'export type AuditResult = { ok: boolean };\nexport const STATUS_SEVERITY = ["fail"];\n',
    'src/audit/engine/engine.ts': 'export const ENGINE = 1;\n',
    'src/audit/engine/aggregate-query.ts': 'export interface Row { n: number }\nexport const q = 1;\n',
    'src/audit/engine/duckdb/duckdb-engine.ts': 'export const DUCK = 1;\n',
    'src/reports/render.ts': 'export const RENDER = 1;\n',
    'src/server/app.ts': 'export const APP = 1;\n',
    'src/cli/main.ts': 'export const MAIN = 1;\n',
    // wrong: the audit imports a renderer
    'src/audit/run-audit.ts': "import { RENDER } from '../reports/render.js';\nexport const RUN = RENDER;\n",
    // wrong: a report imports the engine; right: it reads the contract
    'src/reports/markdown.ts': "import { DUCK } from '../audit/engine/duckdb/duckdb-engine.js';\nimport { STATUS_SEVERITY } from '../audit/contract/audit-result.js';\nexport const MD = [DUCK, STATUS_SEVERITY];\n",
    // wrong: finalize imports engine code; right: a type-only import of the engine
    'src/audit/metrics/alpha/finalize.ts': "import { ENGINE } from '../../engine/engine.js';\nimport type { Row } from '../../engine/aggregate-query.js';\nexport const F: [number, Row | null] = [ENGINE, null];\n",
    // wrong through another module: finalize takes a constant from its scan, which loads the engine
    'src/audit/metrics/beta/scan.ts': "import { DUCK } from '../../engine/duckdb/duckdb-engine.js';\nexport const SAMPLE = 10;\nexport const scan = () => DUCK;\n",
    'src/audit/metrics/beta/finalize.ts': "import { SAMPLE } from './scan.js';\nexport const G = SAMPLE;\n",
    // wrong: one family imports another
    'src/audit/metrics/gamma/groups.ts': "import { G } from '../beta/finalize.js';\nexport const H = G;\n",
    // wrong: a rule imports the engine
    'src/audit/rules/alpha.ts': "import { ENGINE } from '../engine/engine.js';\nexport const R = ENGINE;\n",
    // wrong: metric code judges (a verdict module) and uses the rules' messages
    'src/audit/rules/messages.ts': "export const MESSAGE = 'adverse impact indicated';\n",
    'src/audit/metrics/delta/verdict.ts': "export const verdict = (x: number) => (x < 0.8 ? 'fail' : 'pass');\n",
    'src/audit/metrics/delta/stage.ts': "import { verdict } from './verdict.js';\nimport { MESSAGE } from '../../rules/messages.js';\nexport const V = [verdict(1), MESSAGE];\n",
    // wrong: the CLI and the server import each other
    'src/cli/serve.ts': "import { APP } from '../server/app.js';\nexport const S = APP;\n",
    'src/server/routes.ts': "import { MAIN } from '../cli/main.js';\nexport const T = MAIN;\n",
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true }, include: ['src'] }),
    'package.json': JSON.stringify({ name: 'layers-fixture', type: 'module' }),
  };
  let found: Violation[];

  beforeAll(async () => {
    for (const [path, source] of Object.entries(tree)) {
      await mkdir(dirname(tmp.path(path)), { recursive: true });
      await writeFile(tmp.path(path), source);
    }
    found = violations(tmp.dir());
  });

  const caught = (rule: string, from: string) => found.filter((v) => v.rule === rule && v.from === from).map((v) => v.to);

  it('src/audit imports no report, CLI or server', () => {
    expect(caught('audit-not-to-shells', 'src/audit/run-audit.ts')).toEqual(['src/reports/render.ts']);
  });

  it('reports import the contract only', () => {
    expect(caught('reports-only-contract', 'src/reports/markdown.ts')).toEqual(['src/audit/engine/duckdb/duckdb-engine.ts']);
  });

  it('finalize and rules import no engine code, directly or through another module; type-only imports are allowed', () => {
    expect(caught('finalize-and-rules-not-to-engine', 'src/audit/metrics/alpha/finalize.ts')).toEqual(['src/audit/engine/engine.ts']);
    expect(caught('finalize-and-rules-not-to-engine', 'src/audit/rules/alpha.ts')).toEqual(['src/audit/engine/engine.ts']);
    expect(caught('finalize-and-rules-not-reaching-engine', 'src/audit/metrics/beta/finalize.ts')).toEqual(['src/audit/engine/duckdb/duckdb-engine.ts']);
  });

  it('no family imports another family', () => {
    expect(caught('no-family-to-family', 'src/audit/metrics/gamma/groups.ts')).toEqual(['src/audit/metrics/beta/finalize.ts']);
    expect(found.filter((v) => v.rule === 'no-family-to-family' && v.from.startsWith('src/audit/metrics/beta/'))).toEqual([]); // within a family is fine
  });

  it('metric code holds no verdict module and uses nothing of the rules', () => {
    expect(caught('no-verdict-in-metrics', 'src/audit/metrics/delta/stage.ts')).toEqual(['src/audit/metrics/delta/verdict.ts']);
    expect(caught('metrics-not-to-rules', 'src/audit/metrics/delta/stage.ts')).toEqual(['src/audit/rules/messages.ts']);
  });

  it('the CLI and the server never import each other', () => {
    expect(caught('cli-not-to-server', 'src/cli/serve.ts')).toEqual(['src/server/app.ts']);
    expect(caught('server-not-to-cli', 'src/server/routes.ts')).toEqual(['src/cli/main.ts']);
  });

  it('nothing else is reported: the allowed imports pass', () => {
    const expected = new Set(['src/audit/run-audit.ts', 'src/reports/markdown.ts', 'src/audit/metrics/alpha/finalize.ts', 'src/audit/rules/alpha.ts', 'src/audit/metrics/beta/finalize.ts', 'src/audit/metrics/gamma/groups.ts', 'src/audit/metrics/delta/stage.ts', 'src/cli/serve.ts', 'src/server/routes.ts']);
    expect(found.filter((v) => !expected.has(v.from))).toEqual([]);
    expect(new Set(found.map((v) => v.from))).toEqual(expected);
    // the type-only import of the engine's aggregate-query.ts in alpha/finalize.ts is not among them
    expect(found.filter((v) => v.to === 'src/audit/engine/aggregate-query.ts')).toEqual([]);
  });
});
