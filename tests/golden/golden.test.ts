import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GOLDEN_CASES } from './cases.js';
import { goldenJson, goldenPath } from './run-golden.js';

// Each fixture's AuditResult must stay byte for byte what is committed (style.md §12). A change
// that alters one on purpose regenerates it with `npm run goldens` and says why in CHANGELOG.md.
describe('golden AuditResults', () => {
  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))('%s is byte-identical to its committed golden', async (_name, c) => {
    const expected = await readFile(goldenPath(c.name), 'utf8');
    const actual = await goldenJson(c);
    if (actual !== expected) {
      // Name the first differing line: a 10,000-line diff helps nobody.
      const a = actual.split('\n');
      const e = expected.split('\n');
      const at = a.findIndex((line, i) => line !== e[i]);
      expect(`line ${at + 1}: ${a[at]}`).toBe(`line ${at + 1}: ${e[at]}`);
    }
    expect(actual === expected).toBe(true);
  });
});
