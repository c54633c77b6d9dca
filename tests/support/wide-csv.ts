import { existsSync, writeFileSync } from 'node:fs';

/**
 * A million applicant rows with a score and five traits (about 47 MB): seconds of work for an
 * audit, its table in the disk store under a memory limit of 128 MiB, and more than DuckDB's CSV
 * reader can buffer under 64 MiB. Written to `path` once.
 */
export function wideCsv(path: string): string {
  if (existsSync(path)) return path;
  const lines = ['candidate_id,stage,selected,gender,score,trait_a,trait_b,trait_c,trait_d,trait_e'];
  for (let i = 0; i < 1_000_000; i++) {
    const traits = [89, 97, 83, 79, 73].map((m) => (i % m) / 10).join(',');
    lines.push(`c${i},${i % 2 ? 'cv' : 'interview'},${i % 3 === 0 ? 1 : 0},${i % 2 ? 'female' : 'male'},${(i % 997) / 10},${traits}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
