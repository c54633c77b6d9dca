import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AggregateQuery, DistanceColumn } from '../../../src/audit/engine/aggregate-query.js';
import { q } from '../../../src/audit/engine/aggregate-query.js';
import { distanceForms } from '../../../src/audit/engine/distance.js';
import { CANDIDATES_TABLE, DuckDBEngine } from '../../../src/audit/engine/duckdb/duckdb-engine.js';
import { duckdbDialect } from '../../../src/audit/engine/duckdb/dialect.js';
import { compileAggregate } from '../../../src/audit/engine/sql.js';

/**
 * The derived distance column of the aggregate-query language (similar-to-me resemblance):
 * compiled to sums of squared linear forms and evaluated by DuckDB, against numpy 2.4.6
 * (np.sqrt(np.einsum('ij,jk,ik->i', u, A, u)) with u = X - centre; the scale form as
 * np.sqrt((((X - c) / s)**2).sum(1))). The ClickHouse equivalence is in tests/engines/queries.test.ts.
 */
const X = [
  [1.0, 2.0],
  [2.0, 1.0],
  [3.0, 4.0],
  [4.0, 3.0],
  [5.0, 6.0],
  [6.0, 5.0],
  [2.5, 3.5],
  [3.5, 2.5],
  [4.5, 1.5],
  [1.5, 4.5],
];
const W = [1, 2, 1, 1, 3, 1, 1, 1, 2, 1];
const CENTRE = [5.25, 5.5];

describe('distanceForms', () => {
  it('scale: one form per column with coefficient 1 / s', () => {
    const forms = distanceForms({ kind: 'distance', columns: ['a', 'b'], centre: [1, 2], scale: [2, 0.5] });
    expect(forms).toEqual([[{ column: 'a', centre: 1, coefficient: 0.5 }], [{ column: 'b', centre: 2, coefficient: 2 }]]);
  });

  it("inverse covariance: the Cholesky factor's columns, so that sum of squares = u'Au", () => {
    // A = [[4, 2], [2, 3]] = L L' with L = [[2, 0], [1, sqrt 2]] (by hand): (2u0 + u1)^2 + 2u1^2 = 4u0^2 + 4u0u1 + 3u1^2.
    const forms = distanceForms({ kind: 'distance', columns: ['a', 'b'], centre: [0, 0], inverseCovariance: [[4, 2], [2, 3]] });
    expect(forms[0]).toEqual([
      { column: 'a', centre: 0, coefficient: 2 },
      { column: 'b', centre: 0, coefficient: 1 },
    ]);
    expect(forms[1]).toHaveLength(1);
    expect(forms[1]![0]!.coefficient).toBeCloseTo(Math.SQRT2, 15);
  });

  it('refuses what is not a distance', () => {
    const base = { kind: 'distance' as const, columns: ['a', 'b'], centre: [0, 0] };
    expect(() => distanceForms({ ...base, scale: [1] })).toThrow(/2 scales/);
    expect(() => distanceForms({ ...base, scale: [1, 0] })).toThrow(/> 0/);
    expect(() => distanceForms({ ...base, centre: [0], scale: [1, 1] })).toThrow(/centre/);
    expect(() => distanceForms({ ...base, inverseCovariance: [[1, 2], [2, 1]] })).toThrow(/positive definite/);
    expect(() => distanceForms({ ...base, inverseCovariance: [[1, 0.5], [0, 1]] })).toThrow(/symmetric/);
    expect(() => distanceForms({ ...base, columns: [], centre: [], scale: [] })).toThrow(/at least one/);
  });
});

describe('derived distance columns in DuckDB', () => {
  let engine: DuckDBEngine;
  beforeEach(async () => {
    engine = await DuckDBEngine.open({ threads: 1 });
    const values = X.map(([a, b], i) => `(${i}, ${a}, ${b}, ${W[i]}, ${i % 2})`).join(', ');
    await engine.run(`CREATE TABLE "${CANDIDATES_TABLE}" (_row BIGINT, trait_a DOUBLE, trait_b DOUBLE, w BIGINT, selected INTEGER)`);
    await engine.run(`INSERT INTO "${CANDIDATES_TABLE}" VALUES ${values}, (10, NULL, 1.0, 5, 0)`);
  });
  afterEach(async () => engine.close());

  const mahalanobis: DistanceColumn = { kind: 'distance', columns: ['trait_a', 'trait_b'], centre: CENTRE, inverseCovariance: [[0.8, 0.3], [0.3, 0.5]] };
  const scaled: DistanceColumn = { kind: 'distance', columns: ['trait_a', 'trait_b'], centre: CENTRE, scale: [1.5, 2] };

  it('Mahalanobis per row equals numpy (and a row with a NULL trait has no distance)', async () => {
    const rows = await engine.aggregate({ name: 'per row', dims: { row: q.col('_row') }, measures: { d: { kind: 'max', column: 'd' } }, derived: { d: mahalanobis } });
    const byRow = new Map(rows.map((r) => [String(r['row']), r['d']]));
    // numpy 2.4.6: sqrt(u' A u), u = X - [5.25, 5.5], A = [[0.8, 0.3], [0.3, 0.5]]
    const expected = [5.431390245600108, 5.229722745997153, 2.6832815729997477, 2.5, 0.31622776601683794, 0.5916079783099617, 3.3689761055846037, 3.1780497164141406, 3.2015621187164243, 3.7416573867739413];
    // Engines hand numbers over rounded to 12 significant digits (ENGINE_DIGITS): 9 decimals here.
    expected.forEach((d, i) => expect(byRow.get(String(i))).toBeCloseTo(d, 9));
    expect(byRow.get('10')).toBeNull();
  });

  it('weighted sums, min/max and bins of a scaled distance equal numpy', async () => {
    const query: AggregateQuery = {
      name: 'moments',
      dims: {},
      measures: { n: { kind: 'weight', where: q.notNull('d') }, s: { kind: 'sum', column: 'd' }, s2: { kind: 'sum', column: 'd', power: 2 }, lo: { kind: 'min', column: 'd' }, hi: { kind: 'max', column: 'd' } },
      derived: { d: scaled },
    };
    const [row] = await engine.aggregate(query);
    // numpy 2.4.6 with w = [1, 2, 1, 1, 3, 1, 1, 1, 2, 1]: sum(w d) = 24.87843240485713, sum(w d^2) = 59.229166666666664
    expect(row!['n']).toBe(14);
    expect(row!['s']).toBeCloseTo(24.87843240485713, 9);
    expect(row!['s2']).toBeCloseTo(59.229166666666664, 9);
    expect(row!['lo']).toBeCloseTo(0.3004626062886658, 9);
    expect(row!['hi']).toBeCloseTo(3.330206867114681, 9);
    // Bins of width 1 from 0, by hand from numpy's distances (weights): bin 0: 0.30 (3), 0.56 (1);
    // bin 1: 1.68, 1.50, 1.90; bin 2: 2.09, 2.06 (2), 2.55; bin 3: 3.33, 3.12 (2).
    const bins = await engine.aggregate({ ...query, name: 'bins', dims: { bin: { kind: 'bin', column: 'd', lo: 0, width: 1, bins: 4 } }, measures: { n: { kind: 'weight' } }, where: q.notNull('d') });
    expect(bins).toEqual([
      { bin: 0, n: 4 },
      { bin: 1, n: 3 },
      { bin: 2, n: 4 },
      { bin: 3, n: 3 },
    ]);
  });

  it('compiles to a subquery with the distance appended, as sums of squared linear forms', () => {
    const sql = compileAggregate({ name: 'x', dims: {}, measures: { n: { kind: 'weight' } }, derived: { d: scaled } }, '"candidates"', duckdbDialect);
    expect(sql).toContain('FROM (SELECT *, sqrt(pow(');
    expect(sql).toContain(') AS "d" FROM "candidates")');
  });
});
