import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import type { AggregateRow } from '../../../../src/audit/engine/aggregate-query.js';
import { CANDIDATES_TABLE, DuckDBEngine } from '../../../../src/audit/engine/duckdb/duckdb-engine.js';
import { runAudit } from '../../../../src/audit/run-audit.js';

/**
 * The SQL the engine runs, against hand-computed values: the weighted median (LL144's scoring-rate
 * cut) and the NULL handling of score bins. The candidates table is written by hand here, with
 * the columns the engine reads (stage, score, w = frequency weight).
 */
let engine: DuckDBEngine;

beforeEach(async () => {
  engine = await DuckDBEngine.open({ threads: 1 });
});
afterEach(async () => {
  await engine.close();
});

async function candidates(rows: readonly [string, number | null, number][]): Promise<void> {
  const values = rows.map(([stage, score, w]) => `('${stage}', ${score === null ? 'NULL' : score}, ${w})`).join(', ');
  await engine.run(`CREATE TABLE "${CANDIDATES_TABLE}" (stage VARCHAR, score DOUBLE, w BIGINT)`);
  await engine.run(`INSERT INTO "${CANDIDATES_TABLE}" VALUES ${values}`);
}

const byStage = (rows: AggregateRow[]) => Object.fromEntries(rows.map((r) => [String(r['stage']), r['median']]));

describe('DuckDBEngine.medians: the weighted median is the median of the expanded rows', () => {
  it('odd and even totals, ties, repeated values, zero weights and NULL scores', async () => {
    await candidates([
      // odd: 1,1,5,9,9 (N = 5) -> the 3rd value, 5
      ['odd', 1, 2],
      ['odd', 5, 1],
      ['odd', 9, 2],
      ['odd', null, 100], // no score: not part of the median
      ['odd', 1000, 0], // weight 0: stands for no candidate
      // even: 1,3,10,10 (N = 4) -> (3 + 10) / 2 = 6.5
      ['even', 1, 1],
      ['even', 3, 1],
      ['even', 10, 2],
      // even with the middle pair inside one value: 2,2,2,4 -> (2 + 2) / 2 = 2
      ['tie', 2, 3],
      ['tie', 4, 1],
      // one value on several rows: 1,7,7,100 -> (7 + 7) / 2 = 7
      ['split', 7, 1],
      ['split', 100, 1],
      ['split', 7, 1],
      ['split', 1, 1],
      // even, unweighted, unsorted input: 4,8,15,16,23,42 -> (15 + 16) / 2 = 15.5
      ['plain', 42, 1],
      ['plain', 8, 1],
      ['plain', 23, 1],
      ['plain', 4, 1],
      ['plain', 16, 1],
      ['plain', 15, 1],
      // a single candidate of weight 3: 0.25
      ['single', 0.25, 3],
    ]);
    const medians = byStage(await engine.medians({ column: 'score', by: ['stage'] }));
    expect(medians).toEqual({ odd: 5, even: 6.5, tie: 2, split: 7, plain: 15.5, single: 0.25 });
  });

  it('without grouping, and with a filter', async () => {
    await candidates([
      ['a', 1, 1],
      ['a', 2, 1],
      ['b', 3, 1],
      ['b', 100, 3],
    ]);
    // all: 1,2,3,100,100,100 -> (3 + 100) / 2 = 51.5
    expect(await engine.medians({ column: 'score', by: [] })).toEqual([{ median: 51.5 }]);
    // stage a only: 1,2 -> 1.5
    expect(await engine.medians({ column: 'score', by: [], where: { op: 'eq', column: 'stage', value: 'a' } })).toEqual([{ median: 1.5 }]);
  });
});

describe('DuckDBEngine.mediansOfMany: several groupings from one pass, each as medians() gives it', () => {
  it('per stage, per stage x group and overall, with weights and NULL scores', async () => {
    await engine.run(`CREATE TABLE "${CANDIDATES_TABLE}" (stage VARCHAR, grp VARCHAR, score DOUBLE, w BIGINT)`);
    await engine.run(`INSERT INTO "${CANDIDATES_TABLE}" VALUES
      ('a', 'x', 1, 2), ('a', 'x', 5, 1), ('a', 'y', 9, 2), ('a', 'y', NULL, 50), ('a', 'y', 1000, 0),
      ('b', 'x', 3, 1), ('b', 'y', 3, 1), ('b', 'y', 10, 2), ('b', 'x', 1, 1)`);
    const queries = [
      { column: 'score', by: ['stage'] },
      { column: 'score', by: ['stage', 'grp'] },
      { column: 'score', by: [] },
    ];
    const [byStageRows, byGroup, overall] = await engine.mediansOfMany(queries);
    // a: 1,1,5,9,9 -> 5; b: 1,3,3,10,10 -> 3
    expect(byStage(byStageRows!)).toEqual({ a: 5, b: 3 });
    // a x: 1,1,5 -> 1; a y: 9,9 -> 9 (the weight-0 row stands for no one); b x: 1,3 -> 2; b y: 3,10,10 -> 10
    expect(byGroup).toEqual([
      { stage: 'a', grp: 'x', median: 1 },
      { stage: 'a', grp: 'y', median: 9 },
      { stage: 'b', grp: 'x', median: 2 },
      { stage: 'b', grp: 'y', median: 10 },
    ]);
    // all ten: 1,1,1,3,3,5,9,9,10,10 -> (3 + 5) / 2 = 4
    expect(overall).toEqual([{ median: 4 }]);
    // The same as one medians() each; queries over different rows are answered one by one.
    for (const [i, query] of queries.entries()) expect([byStageRows, byGroup, overall][i]).toEqual(await engine.medians(query));
    const mixed = [{ column: 'score', by: ['stage'] }, { column: 'score', by: ['stage'], where: { op: 'eq' as const, column: 'grp', value: 'x' } }];
    // stage x only: a 1,1,5 -> 1; b 1,3 -> 2
    expect((await engine.mediansOfMany(mixed)).map(byStage)).toEqual([{ a: 5, b: 3 }, { a: 1, b: 2 }]);
  });
});

describe('compileAggregate: bin dimensions', () => {
  it('clamps out-of-range scores into the end bins but keeps a NULL score out of every bin', async () => {
    await candidates([
      ['s', null, 3], // NULL: bin NULL, never bin 0
      ['s', -5, 1], // below lo: clamped to bin 0
      ['s', 0, 1], // bin 0
      ['s', 9.99, 1], // bin 0
      ['s', 10, 1], // bin 1 (edges belong to the bin above)
      ['s', 49, 1], // bin 4
      ['s', 50, 1], // floor(50 / 10) = 5 -> clamped to the last bin, 4
      ['s', 500, 2], // clamped to bin 4
    ]);
    const rows = await engine.aggregate({
      name: 'bins',
      dims: { bin: { kind: 'bin', column: 'score', lo: 0, width: 10, bins: 5 } },
      measures: { n: { kind: 'weight' }, scored: { kind: 'weight', where: { op: 'not_null', column: 'score' } } },
    });
    const byBin = Object.fromEntries(rows.map((r) => [String(r['bin']), [r['n'], r['scored']]]));
    expect(byBin).toEqual({ '0': [3, 3], '1': [1, 1], '4': [4, 4], null: [3, null] });
  });

  it('end to end: candidates without a score are not counted as scored, and the cut-score curve starts at 1', async () => {
    const result = await runAudit({
      source: {
        kind: 'records',
        records: [
          { selected: 1, score: 80, gender: 'female' },
          { selected: 0, score: 20, gender: 'female' },
          { selected: 1, score: '', gender: 'female' },
          { selected: 1, score: 70, gender: 'male' },
          { selected: 0, score: 30, gender: 'male' },
          { selected: 0, score: null, gender: 'male' },
        ],
      },
      policy: parsePolicy({ protected: ['gender'], minGroupSize: 1, intersectional: false }),
    });
    // 3 of each gender, 2 of each with a score
    expect(result.disparity.rows.map((r) => [r.groups['gender'], r.n])).toEqual([
      ['female', 3],
      ['male', 3],
    ]);
    expect(result.disparity.scoring.map((r) => [r.groups['gender'], r.n])).toEqual([
      ['female', 2],
      ['male', 2],
    ]);
    const curve = result.disparity.cut_scores[0]!;
    expect(curve.cuts[0]).toBe(20); // the lowest score
    for (const g of curve.groups) {
      expect(g.n).toBe(2);
      expect(g.rates[0]).toBe(1); // every scored candidate is at or above the lowest cut
    }
    // median of 20, 30, 70, 80 is 50: one of each gender above it
    expect(result.disparity.stages[0]!.score_median).toBe(50);
    expect(result.disparity.scoring.map((r) => r.above_median)).toEqual([1, 1]);
  });
});
