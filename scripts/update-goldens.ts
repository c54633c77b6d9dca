/**
 * Regenerates tests/golden/results/*.json: run only when an AuditResult is meant to change, and
 * say why in CHANGELOG.md. `npm run goldens [name …]` (all cases by default).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { GOLDEN_CASES } from '../tests/golden/cases.js';
import { goldenJson, goldenPath } from '../tests/golden/run-golden.js';

const wanted = process.argv.slice(2);
await mkdir(new URL('../tests/golden/results/', import.meta.url), { recursive: true });
for (const c of GOLDEN_CASES.filter((g) => wanted.length === 0 || wanted.includes(g.name))) {
  const started = performance.now();
  await writeFile(goldenPath(c.name), await goldenJson(c));
  console.log(`${c.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
