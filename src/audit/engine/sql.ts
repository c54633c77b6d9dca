import type { AggregateQuery, DerivedColumn, Dimension, Measure, PairedSource, PeriodUnit, Predicate, SampleQuery } from './aggregate-query.js';
import { distanceBound, distanceForms } from './distance.js';

/**
 * Compiles AggregateQuery to SQL. The parts that differ between engines sit behind `Dialect`;
 * the rest is SQL that DuckDB and ClickHouse (from 18.16 on) both accept.
 */
export interface Dialect {
  quoteIdent(name: string): string;
  /** A string literal, escaped. */
  string(value: string): string;
  /** Cast an expression to text. */
  toText(expr: string): string;
  /**
   * GROUP BY key of a column dimension (selected as toText(column)). DuckDB groups by the column
   * itself, cheaper to hash when it is an ENUM (normalize.ts); ClickHouse 18 by the text, as it
   * would read a bare name as the select alias of the same name.
   */
  groupKey(column: string): string;
  /** Aggregates over all rows of a group; null when no row has a non-null value (see AggregateRow). */
  sum(expr: string): string;
  min(expr: string): string;
  max(expr: string): string;
  /** Number of rows where cond holds (all rows without one); 0 when none. */
  count(cond?: string): string;
  /** Conditional aggregate: sum(expr) over rows where cond holds; null when none does. */
  sumIf(expr: string, cond: string): string;
  /**
   * The sum of a double term (over rows where cond holds, when given) added up exactly; null when
   * no row contributes. Each term times 2^exponent (|term| * 2^exponent <= 2^61 by the caller's
   * bound, see fixedPointExponent) is split into two integers, FIXED_POINT_LIMBS: the nearest
   * integer, and what is left of it in 2^-52ths; each is summed without rounding and the two
   * totals are joined as doubles at the end. So the result does not depend on the order in which
   * threads or shards add the rows up, and each term is kept to bound * 2^-114: far finer than a
   * double keeps a term of any group, even when the bound comes from an outlier in another group.
   * Optional: without it, sum/sumIf.
   */
  exactSum?(term: string, exponent: number, cond?: string): string;
  minIf(expr: string, cond: string): string;
  maxIf(expr: string, cond: string): string;
  /** Integer floor of a double expression. */
  floorInt(expr: string): string;
  /** Text label of the calendar period of a timestamp: 'YYYY-MM', 'YYYY-Qn' or 'YYYY-MM-DD'. */
  periodLabel(expr: string, unit: PeriodUnit): string;
  /**
   * GROUP BY key of a period dimension: one value per period, of which periodLabel (selected) is a
   * function. DuckDB groups by the truncated timestamp, cheaper than formatting every row's text
   * first; ClickHouse 18 by the label itself.
   */
  periodKey(expr: string, unit: PeriodUnit): string;
  /** Seconds since 1970-01-01 00:00:00 of a timestamp, as a number (DuckDB epoch(); ClickHouse 18 toUInt32(DateTime)). */
  epochSeconds(expr: string): string;
  /**
   * The rows of two subqueries joined on the `using` columns, every match kept, as a parenthesised
   * FROM item; the right side is the smaller. DuckDB reads the right side into a materialized CTE
   * first: planned straight from a filtered scan of a large table, its hash table was sized for the
   * scan and went external, which also drops the min/max filter it pushes into the left scan (at
   * 100M rows 1.3 to 1.5x the CPU, BENCHMARKS.md "Fifth pass"). ClickHouse 18 has no CTEs and
   * needs ALL for every match.
   */
  pairJoin(left: string, right: string, using: readonly string[]): string;
  /**
   * Clauses after WHERE that keep the first n rows (in `order`) of each combination of `groups`
   * and return them ordered by groups, then order (DuckDB: QUALIFY row_number(); ClickHouse: LIMIT n BY).
   */
  firstPerGroup(groups: readonly string[], order: readonly string[], n: number): string;
}

export const WEIGHT_COLUMN = 'w';

export function numberLiteral(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot put ${v} into SQL`);
  // Exponent form is valid in both dialects and loses no digits.
  return Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? String(v) : v.toExponential(17);
}

/**
 * The largest absolute value of the table's columns that an exact sum needs a bound for (its
 * fractional columns and the weight `w`; see Dialect.exactSum). A measure over a column without
 * one is a plain sum: exact anyway for integer columns.
 */
export type ColumnMagnitudes = ReadonlyMap<string, number>;

/**
 * The two integers of an exact sum (Dialect.exactSum): a scaled term s = term * 2^k is split into
 * round(s), and round((s - round(s)) * 2^52), whose scale is 2^-(k + 52).
 */
export const FIXED_POINT_LIMBS = { fraction: 52 } as const;

/**
 * The binary exponent k of a fixed-point sum of terms bounded by |term| <= bound: the largest with
 * bound * 2^k <= 2^61, so every scaled term fits a signed 64-bit integer with a factor of 2 to spare
 * for the rounding of the term and of the bound (engines keep 12 digits of a number, see
 * engine.ts). Null when the bound does not allow one (zero, not finite, or so far from 1 that
 * 2^-(k + 52) would leave the double's normal range): a plain sum then.
 */
export function fixedPointExponent(bound: number | undefined): number | null {
  if (bound === undefined || !(bound > 0) || !Number.isFinite(bound)) return null;
  const k = 61 - Math.ceil(Math.log2(bound * (1 + 1e-12)));
  return k >= -960 && k <= 960 ? k : null;
}

/** The bound of |term| of a sum-like measure from the magnitudes of its columns; undefined when one is unknown. */
function termBound(m: Measure, magnitude: (column: string) => number | undefined): number | undefined {
  const of = (column: string, shift = 0) => {
    const x = magnitude(column);
    return x === undefined ? undefined : x + Math.abs(shift);
  };
  const product = (...xs: (number | undefined)[]) => (xs.some((x) => x === undefined) ? undefined : xs.reduce<number>((p, x) => p * x!, 1));
  switch (m.kind) {
    case 'sum': {
      const x = of(m.column, m.shift);
      return product(magnitude(WEIGHT_COLUMN), x, m.power === 2 ? x : 1);
    }
    case 'cross':
      return product(magnitude(WEIGHT_COLUMN), of(m.a, m.shiftA), of(m.b, m.shiftB));
    case 'absDiff': {
      const a = of(m.a);
      const b = of(m.b);
      return product(magnitude(WEIGHT_COLUMN), a === undefined || b === undefined ? undefined : a + b);
    }
    default:
      return undefined;
  }
}

/**
 * The magnitude of a column as a query sees it: paired rows' l_x and r_x are the table's x (the
 * weight is the left row's), a derived distance is bounded by its forms (see distanceBound).
 */
function queryMagnitudes(query: AggregateQuery, magnitudes: ColumnMagnitudes): (column: string) => number | undefined {
  const source = (column: string) => {
    if (!query.from || column === WEIGHT_COLUMN) return magnitudes.get(column);
    return /^[lr]_/.test(column) ? magnitudes.get(column.slice(2)) : undefined;
  };
  return (column) => {
    const derived = query.derived?.[column];
    return derived ? distanceBound(derived, source) : source(column);
  };
}

export function compilePredicate(p: Predicate, d: Dialect): string {
  const value = (v: string | number) => (typeof v === 'number' ? numberLiteral(v) : d.string(v));
  switch (p.op) {
    case 'eq':
    case 'ne':
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      const sym = { eq: '=', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' }[p.op];
      return `(${d.quoteIdent(p.column)} ${sym} ${value(p.value)})`;
    }
    case 'not_null':
      return `(${d.quoteIdent(p.column)} IS NOT NULL)`;
    case 'is_null':
      return `(${d.quoteIdent(p.column)} IS NULL)`;
    case 'eq_columns':
      return `(${d.quoteIdent(p.a)} = ${d.quoteIdent(p.b)})`;
    case 'in':
      return p.values.length === 0 ? '(1 = 0)' : `(${d.quoteIdent(p.column)} IN (${p.values.map(value).join(', ')}))`;
    case 'and':
    case 'or':
      if (p.args.length === 0) return p.op === 'and' ? '(1 = 1)' : '(1 = 0)';
      return `(${p.args.map((a) => compilePredicate(a, d)).join(p.op === 'and' ? ' AND ' : ' OR ')})`;
  }
}

function compileDimension(dim: Dimension, d: Dialect): string {
  const col = d.quoteIdent(dim.column);
  if (dim.kind === 'column') return d.toText(col);
  if (dim.kind === 'period') return d.periodLabel(col, dim.unit);
  if (dim.kind === 'epoch') return d.floorInt(`${d.epochSeconds(col)} / ${numberLiteral(dim.seconds)}`);
  const idx = d.floorInt(`(${col} - ${numberLiteral(dim.lo)}) / ${numberLiteral(dim.width)}`);
  // The CASE keeps NULL as NULL: DuckDB's greatest() skips NULL arguments, ClickHouse's does not.
  return `CASE WHEN ${col} IS NULL THEN NULL ELSE least(greatest(${idx}, 0), ${dim.bins - 1}) END`;
}

function shifted(column: string, shift: number | undefined, d: Dialect): string {
  const col = d.quoteIdent(column);
  return shift ? `(${col} - ${numberLiteral(shift)})` : col;
}

/** The top-level conjuncts of a predicate (a AND (b AND c) -> a, b, c). */
const conjuncts = (p: Predicate): Predicate[] => (p.op === 'and' ? p.args.flatMap(conjuncts) : [p]);

/** The columns a measure's aggregated term reads: a NULL in any of them makes the term NULL. */
function termColumns(m: Measure): readonly string[] {
  switch (m.kind) {
    case 'sum':
    case 'min':
    case 'max':
      return [m.column];
    case 'cross':
    case 'absDiff':
      return [m.a, m.b];
    case 'weight':
    case 'rows':
      return [];
  }
}

/**
 * One measure's aggregate. Its filter keeps only the conditions the query's WHERE does not already
 * impose (`implied`: the WHERE's conjuncts as SQL), and no "column IS NOT NULL" for a column of the
 * aggregated term (a sum, min or max skips NULL terms and is NULL over none in both dialects; the
 * ClickHouse dialect counts the non-NULL terms), so the result is the same, without a filter
 * evaluated per row for every measure.
 */
function compileMeasure(m: Measure, d: Dialect, implied: ReadonlySet<string>, magnitude: (column: string) => number | undefined): string {
  const w = d.quoteIdent(WEIGHT_COLUMN);
  const inTerm = new Set(termColumns(m));
  const rest = m.where
    ? conjuncts(m.where).filter((c) => !implied.has(compilePredicate(c, d)) && !(c.op === 'not_null' && inTerm.has(c.column)))
    : [];
  const where = rest.length ? compilePredicate(rest.length === 1 ? rest[0]! : { op: 'and', args: rest }, d) : undefined;
  const exponent = d.exactSum ? fixedPointExponent(termBound(m, magnitude)) : null;
  const sum = (term: string) => (exponent !== null ? d.exactSum!(term, exponent, where) : where ? d.sumIf(term, where) : d.sum(term));
  switch (m.kind) {
    case 'weight':
      // No bound (termBound): an integer column's sum is exact in every engine already.
      return sum(w);
    case 'sum': {
      const x = shifted(m.column, m.shift, d);
      return sum(m.power === 2 ? `${w} * ${x} * ${x}` : `${w} * ${x}`);
    }
    case 'cross':
      return sum(`${w} * ${shifted(m.a, m.shiftA, d)} * ${shifted(m.b, m.shiftB, d)}`);
    case 'absDiff':
      return sum(`${w} * abs(${d.quoteIdent(m.a)} - ${d.quoteIdent(m.b)})`);
    case 'min':
      return where ? d.minIf(d.quoteIdent(m.column), where) : d.min(d.quoteIdent(m.column));
    case 'max':
      return where ? d.maxIf(d.quoteIdent(m.column), where) : d.max(d.quoteIdent(m.column));
    case 'rows':
      return d.count(where);
  }
}

/**
 * Two filtered copies of the table joined on their keys, as a subquery with columns l_x, r_x and
 * w. Subqueries joined USING shared column names: the one join form DuckDB and ClickHouse 18 share.
 */
function compilePairs(p: PairedSource, table: string, d: Dialect, rightWhere: readonly string[] = []): string {
  const side = (prefix: 'l' | 'r', key: string, where: Predicate, weight: boolean, extra: readonly string[] = []) => {
    const cols = [
      `${d.quoteIdent(key)} AS ${d.quoteIdent('_pair_key')}`,
      ...p.same.map((c, i) => `${d.quoteIdent(c)} AS ${d.quoteIdent(`_pair_same_${i}`)}`),
      ...p.columns.map((c) => `${d.quoteIdent(c)} AS ${d.quoteIdent(`${prefix}_${c}`)}`),
      ...(weight ? [`${d.quoteIdent(WEIGHT_COLUMN)} AS ${d.quoteIdent(WEIGHT_COLUMN)}`] : []),
    ];
    const conditions = [compilePredicate(where, d), `${d.quoteIdent(key)} IS NOT NULL`, ...extra];
    return `(SELECT ${cols.join(', ')} FROM ${table} WHERE ${conditions.join(' AND ')})`;
  };
  const using = ['_pair_key', ...p.same.map((_, i) => `_pair_same_${i}`)].map((c) => d.quoteIdent(c));
  return d.pairJoin(side('l', p.leftKey, p.left, true), side('r', p.rightKey, p.right, false, rightWhere), using);
}

/** sqrt(sum_k (form_k)^2): the distance as squared linear forms (see distanceForms); null if a column is. */
function compileDistance(c: DerivedColumn, d: Dialect): string {
  const forms = distanceForms(c).map((terms) =>
    terms.map((t) => `${numberLiteral(t.coefficient)} * (${d.quoteIdent(t.column)} - ${numberLiteral(t.centre)})`).join(' + '),
  );
  return `sqrt(${forms.map((f) => `pow(${f}, 2)`).join(' + ')})`;
}

/** The source rows with the derived columns appended: (SELECT *, expr AS name, ... FROM source). */
function compileDerived(derived: Readonly<Record<string, DerivedColumn>>, table: string, d: Dialect): string {
  const cols = Object.entries(derived).map(([name, c]) => `${compileDistance(c, d)} AS ${d.quoteIdent(name)}`);
  return cols.length ? `(SELECT *, ${cols.join(', ')} FROM ${table})` : table;
}

/** SELECT dims, measures FROM table [WHERE] GROUP BY dims (plain GROUP BY: no ROLLUP/CUBE, see README). */
export function compileAggregate(query: AggregateQuery, table: string, d: Dialect, magnitudes: ColumnMagnitudes = new Map()): string {
  const magnitude = queryMagnitudes(query, magnitudes);
  if (query.from) table = compilePairs(query.from, table, d);
  if (query.derived) table = compileDerived(query.derived, table, d);
  const implied = new Set(query.where ? conjuncts(query.where).map((c) => compilePredicate(c, d)) : []);
  const dimNames = Object.keys(query.dims);
  const dimExprs = dimNames.map((name) => compileDimension(query.dims[name]!, d));
  const groupKeys = dimNames.map((name, i) => {
    const dim = query.dims[name]!;
    if (dim.kind === 'column') return d.groupKey(d.quoteIdent(dim.column));
    return dim.kind === 'period' ? d.periodKey(d.quoteIdent(dim.column), dim.unit) : dimExprs[i]!;
  });
  const select = [
    ...dimNames.map((name, i) => `${dimExprs[i]} AS ${d.quoteIdent(name)}`),
    ...Object.entries(query.measures).map(([name, m]) => `${compileMeasure(m, d, implied, magnitude)} AS ${d.quoteIdent(name)}`),
  ];
  const where = query.where ? ` WHERE ${compilePredicate(query.where, d)}` : '';
  // Expressions, not positions or aliases: ClickHouse 18.16 reads GROUP BY 1 as a constant.
  const groupBy = dimNames.length ? ` GROUP BY ${groupKeys.join(', ')}` : '';
  const orderBy = dimNames.length ? ` ORDER BY ${dimNames.map((n) => d.quoteIdent(n)).join(', ')}` : '';
  return `SELECT ${select.join(', ')} FROM ${table}${where}${groupBy}${orderBy}`;
}

/** Multiplier and modulus of the sampling hash: both under 2^31, so _row * A stays inside Int64. */
const SAMPLE_HASH = { multiplier: 1103515245, modulus: 2147483647 };

/** The modulus of the sampling hash: every row's rank key lies in [0, SAMPLE_HASH_MODULUS). */
export const SAMPLE_HASH_MODULUS = SAMPLE_HASH.modulus;

/**
 * A seeded sample that is the same set of rows in every engine: rows are ranked by an integer
 * hash of their source position (_row) and the seed, and the first `size` are kept. With `below`,
 * only rows whose hash is under it are ranked: the same sample whenever at least `size` rows
 * pass (of every group, with perGroup; every row left out ranks after them), so an engine can try
 * a small slice first.
 */
export function compileSample(query: SampleQuery, table: string, d: Dialect, below?: number): string {
  const hashOf = (row: string) => `((${row} * ${SAMPLE_HASH.multiplier} + ${query.seed % SAMPLE_HASH.modulus}) % ${SAMPLE_HASH.modulus})`;
  const slice = (row: string) => (below === undefined ? [] : [`${hashOf(row)} < ${Math.floor(below)}`]);
  const conditions = query.where ? [compilePredicate(query.where, d)] : [];
  let order = [d.quoteIdent('_row')];
  if (query.from) {
    // Paired rows rank by the right row's hash: the slice is taken in the right side itself, so
    // only its rows are joined (the engines do not push a filter on r__row below the join).
    table = compilePairs({ ...query.from, columns: [...new Set([...query.from.columns, '_row'])] }, table, d, slice(d.quoteIdent('_row')));
    order = ['r__row', 'l__row'].map((c) => d.quoteIdent(c));
  } else {
    conditions.push(...slice(order[0]!));
  }
  const hash = hashOf(order[0]!);
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const cols = query.columns.map((c) => d.quoteIdent(c)).join(', ');
  const size = Math.max(0, Math.floor(query.size));
  if (query.perGroup?.length) {
    return `SELECT ${cols} FROM ${table}${where} ${d.firstPerGroup(query.perGroup.map((c) => d.quoteIdent(c)), [hash, ...order], size)}`;
  }
  return `SELECT ${cols} FROM ${table}${where} ORDER BY ${[hash, ...order].join(', ')} LIMIT ${size}`;
}
