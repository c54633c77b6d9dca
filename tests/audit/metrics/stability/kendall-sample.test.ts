import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../../src/audit/engine/engine.js';
import type { SampleQuery } from '../../../../src/audit/engine/aggregate-query.js';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { FAMILIES, type FamilyEntry } from '../../../../src/audit/registry.js';
import { runAudit } from '../../../../src/audit/run-audit.js';

/**
 * The Kendall sample of perturbation pairs tells the engine how many groups it will find and how
 * large the smallest is (SampleQuery.groupRows), so the engine may rank a slice and keep it only
 * when every group comes back full. The counts must be the engine's own groups: a variant without
 * a name and one named "(unnamed)" are one unit in the result but two groups in the query. Counted
 * by unit (1 group, smallest 33), a slice holding only the named variant's pairs would be taken
 * for the whole sample and the unnamed variant's pairs lost.
 */
let dir: string;
const samples: SampleQuery[] = [];

const withSampleSpy: FamilyEntry[] = FAMILIES.map((f) =>
  f.id !== 'stability'
    ? f
    : {
        ...f,
        metric: {
          ...f.metric,
          scan: (engine: Engine, ctx: Parameters<typeof f.metric.scan>[1]) =>
            f.metric.scan(
              {
                ...engine,
                name: engine.name,
                aggregate: (query) => engine.aggregate(query),
                medians: (queries) => engine.medians(queries),
                sample: (query) => {
                  samples.push(query);
                  return engine.sample(query);
                },
                close: () => engine.close(),
              } as Engine,
              ctx,
            ),
        },
      },
);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hireaudit-kendall-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the Kendall sample counts the groups the engine will return', () => {
  it('an unnamed variant and one named "(unnamed)": two groups, the smaller with 3 scored pairs', async () => {
    const rows = ['candidate_id,stage,selected,score,gender,variant_of,variant'];
    for (let i = 0; i < 40; i++) rows.push(`c${i},video,${i % 2},${(i * 37) % 100},${i % 3 ? 'male' : 'female'},,`);
    for (let i = 0; i < 30; i++) rows.push(`c${i}-v,video,${(i + 1) % 2},${(i * 53) % 100},${i % 3 ? 'male' : 'female'},c${i},(unnamed)`);
    for (let i = 30; i < 33; i++) rows.push(`c${i}-n,video,${i % 2},${(i * 11) % 100},${i % 3 ? 'male' : 'female'},c${i},`);
    const path = join(dir, 'variants.csv');
    await writeFile(path, `${rows.join('\n')}\n`);
    samples.length = 0;
    const result = await runAudit({ source: { kind: 'file', path }, policy: parsePolicy({ protected: ['gender'] }), families: withSampleSpy });
    const kendall = samples.filter((s) => s.from !== undefined);
    expect(kendall).toHaveLength(1);
    expect(kendall[0]!.groupRows).toEqual({ groups: 2, smallest: 3 });
    // Both groups' pairs reach the result's one unit, and its rank sample: 30 + 3.
    const unit = result.stability?.perturbation?.find((p) => p.variant === '(unnamed)');
    expect([unit?.n_pairs, unit?.rank_pairs]).toEqual([33, 33]);
  });
});
