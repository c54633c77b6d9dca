/**
 * Query-level equivalence of the engines: every kind of dimension, measure, paired source,
 * median and sample that metric families can ask for gives the same rows in DuckDB, single-node
 * ClickHouse and a two-shard Distributed table, including the canonical form of empty
 * aggregates (null sums/min/max, 0 row counts) where ClickHouse's own defaults would differ.
 * The data covers what the fixtures may not (yet): retest attempts, perturbation variants,
 * benchmark rows, missing decisions, zero and large counts, timestamps, NULL scores.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadIntoClickHouse } from '../../src/audit/clickhouse.js';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import type { AggregateQuery, AggregateRow, Measure, MedianQuery, SampleQuery } from '../../src/audit/engine/aggregate-query.js';
import { q } from '../../src/audit/engine/aggregate-query.js';
import { ClickHouseEngine } from '../../src/audit/engine/clickhouse/clickhouse-engine.js';
import { clickhouseDialect } from '../../src/audit/engine/clickhouse/dialect.js';
import { compileAggregate } from '../../src/audit/engine/sql.js';
import { parseClickHouseUrl } from '../../src/audit/engine/clickhouse/target.js';
import { DuckDBEngine } from '../../src/audit/engine/duckdb/duckdb-engine.js';
import type { Engine } from '../../src/audit/engine/engine.js';
import { ingest } from '../../src/audit/ingest/ingest.js';
import { accountRows } from '../../src/audit/ingest/row-accounting.js';
import { createRng } from '../../src/audit/stats/rng.js';
import { describeClickHouse, useClickHouseCluster } from '../support/clickhouse.js';
import { differences } from './compare.js';

/** 300 candidates x 2 stages, with every row kind the normaliser distinguishes. */
function records(): Record<string, string>[] {
  const rng = createRng(606);
  const out: Record<string, string>[] = [];
  const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)]!;
  for (let c = 1; c <= 300; c++) {
    const id = `c${String(c).padStart(4, '0')}`;
    const gender = pick(['female', 'male', 'male', '', 'non-binary']);
    const group = pick(['group_a', 'group_b', "o'brien \\ \"quoted\""]);
    for (const stage of ['screen', 'interview']) {
      const score = rng.uniform() < 0.1 ? '' : (Math.round(rng.uniform() * 1000) / 10).toString();
      const month = 1 + rng.int(12);
      const base = {
        candidate_id: id,
        stage,
        tool: pick(['vendor_x', 'vendor_y']),
        selected: rng.uniform() < 0.05 ? '' : String(rng.int(2)),
        score,
        criterion: rng.uniform() < 0.5 ? '' : (rng.normal(5, 1)).toFixed(3),
        decided_at: rng.uniform() < 0.05 ? '' : `2026-${String(month).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}T${String(rng.int(24)).padStart(2, '0')}:15:30`,
        reviewed_by_human: String(rng.int(2)),
        review_seconds: (rng.uniform() * 300).toFixed(1),
        gender,
        ethnicity: group,
        trait_a: rng.normal(0, 1).toFixed(4),
        role: c % 25 === 0 ? 'benchmark' : 'applicant',
        attempt: '1',
        variant_of: '',
        variant: '',
        count: String(c % 17 === 0 ? 0 : c % 7 === 0 ? 1000 + c : 1 + (c % 3)),
      };
      out.push(base);
      if (c % 3 === 0) out.push({ ...base, attempt: '2', score: score === '' ? '' : String(Number(score) + rng.normal(0, 5)), selected: String(rng.int(2)) });
      if (c % 5 === 0) out.push({ ...base, candidate_id: `${id}v`, variant_of: id, variant: pick(['glasses', 'background']), score: score === '' ? '50' : String(Number(score) + 1.5) });
    }
  }
  return out;
}

const ALL: AggregateQuery[] = [
  {
    name: 'cells',
    dims: { stage: q.col('stage'), tool: q.col('tool'), gender: q.col('gender'), ethnicity: q.col('ethnicity'), bin: { kind: 'bin', column: 'score', lo: 0, width: 7.5, bins: 12 } },
    measures: {
      n: { kind: 'weight' },
      rows: { kind: 'rows' },
      selected: { kind: 'sum', column: 'selected' },
      s2: { kind: 'sum', column: 'score', shift: 48.5, power: 2 },
      cross: { kind: 'cross', a: 'score', b: 'criterion', shiftA: 50, shiftB: 5 },
      minScore: { kind: 'min', column: 'score' },
      maxCriterion: { kind: 'max', column: 'criterion', where: q.eq('selected', 1) },
      above: { kind: 'weight', where: { op: 'gt', column: 'score', value: 61.25 } },
      none: { kind: 'weight', where: q.eq('stage', 'no such stage') },
      noneSum: { kind: 'sum', column: 'score', where: q.eq('stage', 'no such stage') },
      noneMin: { kind: 'min', column: 'score', where: q.eq('stage', 'no such stage') },
      noneRows: { kind: 'rows', where: q.eq('stage', 'no such stage') },
    },
    where: { op: 'is_null', column: '_excluded' },
  },
  {
    name: 'periods',
    dims: { month: { kind: 'period', column: 'decided_at', unit: 'month' }, quarter: { kind: 'period', column: 'decided_at', unit: 'quarter' } },
    measures: { n: { kind: 'weight' }, selected: { kind: 'sum', column: 'selected' }, reviewed: { kind: 'weight', where: q.and(q.eq('reviewed_by_human', 1), { op: 'in', column: 'gender', values: ['female', 'unknown'] }) } },
  },
  {
    name: 'days and epoch intervals',
    dims: { day: { kind: 'period', column: 'decided_at', unit: 'day' }, week: { kind: 'epoch', column: 'decided_at', seconds: 7 * 86400 }, hour: { kind: 'epoch', column: 'decided_at', seconds: 3600 } },
    measures: { n: { kind: 'weight' }, rows: { kind: 'rows' } },
    where: { op: 'lt', column: 'score', value: 20 },
  },
  {
    name: 'derived distances',
    derived: {
      dist: { kind: 'distance', columns: ['score', 'trait_a'], centre: [50, 0.1], scale: [20, 1.5] },
      maha: { kind: 'distance', columns: ['score', 'trait_a'], centre: [45, 0], inverseCovariance: [[0.0025, 0.001], [0.001, 0.9]] },
    },
    dims: { stage: q.col('stage'), bin: { kind: 'bin', column: 'dist', lo: 0, width: 0.25, bins: 20 } },
    measures: { n: { kind: 'weight' }, m: { kind: 'sum', column: 'maha' }, m2: { kind: 'sum', column: 'maha', power: 2 }, far: { kind: 'weight', where: { op: 'gt', column: 'maha', value: 1.5 } }, hi: { kind: 'max', column: 'dist' } },
    where: { op: 'is_null', column: '_excluded' },
  },
  {
    name: 'excluded rows too',
    dims: { reason: q.col('_excluded'), role: q.col('role'), attempt: q.col('attempt') },
    measures: { n: { kind: 'weight' }, rows: { kind: 'rows' }, maxRow: { kind: 'max', column: '_row' } },
  },
  {
    name: 'empty: no dims, no rows',
    dims: {},
    measures: { n: { kind: 'weight' }, rows: { kind: 'rows' }, s: { kind: 'sum', column: 'score' }, lo: { kind: 'min', column: 'score' }, hi: { kind: 'max', column: 'w' } },
    where: q.eq('stage', 'no such stage'),
  },
  {
    name: 'retest pairs',
    dims: { stage: q.col('l_stage'), gender: q.col('l_gender') },
    measures: {
      n: { kind: 'weight' },
      xy: { kind: 'cross', a: 'l_score', b: 'r_score' },
      change: { kind: 'absDiff', a: 'l_score', b: 'r_score' },
      flips: { kind: 'weight', where: q.or({ op: 'ne', column: 'l_selected', value: 0 }, q.isNull('r_selected')) },
      same: { kind: 'weight', where: { op: 'eq_columns', a: 'l_selected', b: 'r_selected' } },
    },
    from: { kind: 'pairs', leftKey: 'candidate_id', rightKey: 'candidate_id', same: ['stage'], left: q.eq('attempt', 1), right: q.eq('attempt', 2), columns: ['score', 'selected', 'gender', 'stage'] },
  },
  {
    name: 'variant pairs',
    dims: { variant: q.col('r_variant') },
    measures: { n: { kind: 'weight' }, change: { kind: 'absDiff', a: 'l_score', b: 'r_score' }, lo: { kind: 'min', column: 'r_score' } },
    from: { kind: 'pairs', leftKey: 'candidate_id', rightKey: 'variant_of', same: ['stage'], left: q.isNull('variant_of'), right: q.notNull('variant_of'), columns: ['score', 'variant'] },
  },
  {
    name: 'derived distances (similar-to-me)',
    dims: { stage: q.col('stage'), bin: { kind: 'bin', column: 'd', lo: 0, width: 0.25, bins: 12 } },
    measures: { n: { kind: 'weight' }, s: { kind: 'sum', column: 'd', shift: 1 }, s2: { kind: 'sum', column: 'm', shift: 2, power: 2 }, x: { kind: 'cross', a: 'd', b: 'score', shiftB: 50 }, lo: { kind: 'min', column: 'm' }, hi: { kind: 'max', column: 'd' } },
    where: { op: 'is_null', column: '_excluded' },
    derived: {
      d: { kind: 'distance', columns: ['trait_a', 'score'], centre: [0.1, 50], scale: [1.2, 30] },
      m: { kind: 'distance', columns: ['trait_a', 'score'], centre: [0, 40], inverseCovariance: [[1.5, 0.01], [0.01, 0.002]] },
    },
  },
];

const MEDIANS: MedianQuery[] = [
  { column: 'score', by: ['stage'], where: { op: 'is_null', column: '_excluded' } },
  { column: 'score', by: ['stage', 'gender', 'tool'] },
  { column: 'review_seconds', by: [] },
  { column: 'score', by: ['stage'], where: q.eq('stage', 'no such stage') },
  { column: 'attempt', by: ['ethnicity'] },
];

const SAMPLES: SampleQuery[] = [
  { columns: ['_row', 'candidate_id', 'score', 'selected', 'w', 'decided_at', 'gender', 'trait_a'], size: 40, seed: 7 },
  { columns: ['_row', 'score'], where: { op: 'is_null', column: '_excluded' }, size: 100000, seed: 123456789 },
  // Paired rows, ranked by the right row: fewer than all retest pairs, so the ranking decides which.
  {
    columns: ['l_score', 'r_score', 'l_gender'],
    from: { kind: 'pairs', leftKey: 'candidate_id', rightKey: 'candidate_id', same: ['stage'], left: q.eq('attempt', 1), right: q.eq('attempt', 2), columns: ['score', 'gender'] },
    where: q.notNull('l_score'),
    size: 3,
    seed: 99,
  },
  // Two rows of each stage x gender: QUALIFY row_number() in DuckDB, LIMIT n BY in ClickHouse.
  { columns: ['stage', 'gender', '_row', 'score'], perGroup: ['stage', 'gender'], size: 2, seed: 5 },
];

async function everything(engine: Engine): Promise<Record<string, AggregateRow[] | unknown>> {
  const out: Record<string, AggregateRow[] | unknown> = {};
  for (const query of ALL) out[query.name] = await engine.aggregate(query);
  for (const [i, query] of MEDIANS.entries()) out[`median ${i}`] = await engine.medians(query);
  for (const [i, query] of SAMPLES.entries()) out[`sample ${i}`] = await engine.sample(query);
  out['accounting'] = await accountRows(engine);
  return out;
}

describeClickHouse('aggregate queries: DuckDB = ClickHouse (single node and two shards)', { timeout: 120_000 }, () => {
  const ch = useClickHouseCluster();
  const policy = parsePolicy({ protected: ['gender', 'ethnicity'] });
  const source = { kind: 'records' as const, records: records(), name: 'engine-queries' };
  let duck: DuckDBEngine;
  let expected: Record<string, unknown>;

  beforeAll(async () => {
    duck = await DuckDBEngine.open();
    await ingest(duck, source, policy);
    expected = await everything(duck);
    await loadIntoClickHouse({ source, policy, engine: ch.single(), table: 'q_single' });
    await loadIntoClickHouse({ source, policy, engine: ch.cluster(), table: 'q_sharded' });
  });
  afterAll(async () => duck?.close());

  it('the data exercises what it should', () => {
    const rows = (name: string) => expected[name] as AggregateRow[];
    expect(rows('retest pairs').length).toBeGreaterThan(3);
    expect(rows('variant pairs').length).toBe(2);
    expect(rows('derived distances (similar-to-me)').length).toBeGreaterThan(10);
    expect(rows('periods').length).toBeGreaterThan(12);
    expect(rows('days and epoch intervals').length).toBeGreaterThan(20);
    expect(rows('derived distances').length).toBeGreaterThan(10);
    expect(rows('retest pairs').some((r) => Number(r['same']) > 0)).toBe(true);
    expect(rows('empty: no dims, no rows')).toEqual([{ n: null, rows: 0, s: null, lo: null, hi: null }]);
    expect(rows('sample 0')).toHaveLength(40);
    expect(rows('sample 2')).toHaveLength(3);
    const perGroup = rows('sample 3');
    const counts = new Map<string, number>();
    for (const r of perGroup) counts.set(`${r['stage']}/${r['gender']}`, (counts.get(`${r['stage']}/${r['gender']}`) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(3);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    expect((expected['median 3'] as AggregateRow[]).length).toBe(0);
    expect(rows('cells').every((r) => r['none'] === null && r['noneSum'] === null && r['noneMin'] === null && r['noneRows'] === 0)).toBe(true);
  });

  it.each(['q_single', 'q_sharded'])('%s gives the same rows', async (table) => {
    const engine = await ClickHouseEngine.open(parseClickHouseUrl(ch.single()), table);
    try {
      expect(differences(await everything(engine), expected)).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});

/**
 * Sums are exact in every engine (Dialect.exactSum): 1e16, 1, -1e16 repeated 100 times sums to 100,
 * where a double accumulation loses every 1 (the spacing of doubles near 1e16 is 2), whatever the
 * order, on one server or split over two shards.
 */
describeClickHouse('exact sums: DuckDB and ClickHouse agree on a known value', { timeout: 120_000 }, () => {
  const ch = useClickHouseCluster();
  const policy = parsePolicy({ protected: ['gender'] });
  const records = Array.from({ length: 300 }, (_, i) => ({
    candidate_id: `c${i}`,
    stage: 'screen',
    selected: String(i % 2),
    score: ['10000000000000000', '1', '-10000000000000000'][i % 3]!,
    gender: i % 2 ? 'female' : 'male',
  }));
  const source = { kind: 'records' as const, records, name: 'exact-sums' };
  const query: AggregateQuery = { name: 'exact', dims: {}, measures: { s: { kind: 'sum', column: 'score' }, n: { kind: 'weight' } } };

  beforeAll(async () => {
    await loadIntoClickHouse({ source, policy, engine: ch.single(), table: 'x_single' });
    await loadIntoClickHouse({ source, policy, engine: ch.cluster(), table: 'x_sharded' });
  });

  it('DuckDB', async () => {
    const duck = await DuckDBEngine.open();
    try {
      await ingest(duck, source, policy);
      expect(await duck.aggregate(query)).toEqual([{ s: 100, n: 300 }]);
    } finally {
      await duck.close();
    }
  });

  it('a query longer than the default 256 KiB of ClickHouse (the moments of 20 traits are) runs, with the same rows', async () => {
    const measures: Record<string, Measure> = {};
    for (let i = 0; i < 300; i++) measures[`m${i}`] = { kind: 'cross', a: 'score', b: 'score', shiftA: i / 7, shiftB: -i / 3 };
    const wide: AggregateQuery = { name: 'wide', dims: { gender: q.col('gender') }, measures };
    expect(compileAggregate(wide, 'x_single', clickhouseDialect, new Map([['score', 1e16], ['w', 1]])).length).toBeGreaterThan(256 * 1024);
    const duck = await DuckDBEngine.open();
    try {
      await ingest(duck, source, policy);
      const expected = await duck.aggregate(wide);
      for (const table of ['x_single', 'x_sharded']) {
        const engine = await ClickHouseEngine.open(parseClickHouseUrl(ch.single()), table);
        try {
          expect(differences(await engine.aggregate(wide), expected)).toEqual([]);
        } finally {
          await engine.close();
        }
      }
    } finally {
      await duck.close();
    }
  });

  it.each(['x_single', 'x_sharded'])('ClickHouse, %s', async (table) => {
    const engine = await ClickHouseEngine.open(parseClickHouseUrl(ch.single()), table);
    try {
      expect(await engine.aggregate(query)).toEqual([{ s: 100, n: 300 }]);
      const [plain] = await engine.connection.rows(`SELECT sum(score) AS s FROM ${table}`, 'plain sum');
      expect(Number(plain!['s'])).not.toBe(100); // what adding the doubles up gives
    } finally {
      await engine.close();
    }
  });
});
