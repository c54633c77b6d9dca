import type { AggregateQuery, Dimension, Measure, Predicate } from './aggregate-query.js';

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
  /** Conditional aggregate: sum(expr) over rows where cond holds. */
  sumIf(expr: string, cond: string): string;
  minIf(expr: string, cond: string): string;
  maxIf(expr: string, cond: string): string;
  /** Integer floor of a double expression. */
  floorInt(expr: string): string;
}

export const WEIGHT_COLUMN = 'w';

function numberLiteral(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot put ${v} into SQL`);
  // Exponent form is valid in both dialects and loses no digits.
  return Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? String(v) : v.toExponential(17);
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
  const idx = d.floorInt(`(${col} - ${numberLiteral(dim.lo)}) / ${numberLiteral(dim.width)}`);
  // The CASE keeps NULL as NULL: DuckDB's greatest() skips NULL arguments, ClickHouse's does not.
  return `CASE WHEN ${col} IS NULL THEN NULL ELSE least(greatest(${idx}, 0), ${dim.bins - 1}) END`;
}

function shifted(column: string, shift: number | undefined, d: Dialect): string {
  const col = d.quoteIdent(column);
  return shift ? `(${col} - ${numberLiteral(shift)})` : col;
}

function compileMeasure(m: Measure, d: Dialect): string {
  const w = d.quoteIdent(WEIGHT_COLUMN);
  const cond = (...parts: (string | undefined)[]) => {
    const kept = parts.filter((p): p is string => p !== undefined);
    return kept.length ? kept.join(' AND ') : '(1 = 1)';
  };
  const where = m.where ? compilePredicate(m.where, d) : undefined;
  switch (m.kind) {
    case 'weight':
      return where ? d.sumIf(w, where) : `sum(${w})`;
    case 'sum': {
      const x = shifted(m.column, m.shift, d);
      const term = m.power === 2 ? `${w} * ${x} * ${x}` : `${w} * ${x}`;
      return d.sumIf(term, cond(`(${d.quoteIdent(m.column)} IS NOT NULL)`, where));
    }
    case 'cross': {
      const a = shifted(m.a, m.shiftA, d);
      const b = shifted(m.b, m.shiftB, d);
      const notNull = `(${d.quoteIdent(m.a)} IS NOT NULL AND ${d.quoteIdent(m.b)} IS NOT NULL)`;
      return d.sumIf(`${w} * ${a} * ${b}`, cond(notNull, where));
    }
    case 'min':
      return where ? d.minIf(d.quoteIdent(m.column), where) : `min(${d.quoteIdent(m.column)})`;
    case 'max':
      return where ? d.maxIf(d.quoteIdent(m.column), where) : `max(${d.quoteIdent(m.column)})`;
  }
}

/** SELECT dims, measures FROM table [WHERE] GROUP BY dims (plain GROUP BY: no ROLLUP/CUBE, see README). */
export function compileAggregate(query: AggregateQuery, table: string, d: Dialect): string {
  const dimNames = Object.keys(query.dims);
  const dimExprs = dimNames.map((name) => compileDimension(query.dims[name]!, d));
  const select = [
    ...dimNames.map((name, i) => `${dimExprs[i]} AS ${d.quoteIdent(name)}`),
    ...Object.entries(query.measures).map(([name, m]) => `${compileMeasure(m, d)} AS ${d.quoteIdent(name)}`),
  ];
  const where = query.where ? ` WHERE ${compilePredicate(query.where, d)}` : '';
  // Expressions, not positions or aliases: ClickHouse 18.16 reads GROUP BY 1 as a constant.
  const groupBy = dimNames.length ? ` GROUP BY ${dimExprs.join(', ')}` : '';
  const orderBy = dimNames.length ? ` ORDER BY ${dimNames.map((n) => d.quoteIdent(n)).join(', ')}` : '';
  return `SELECT ${select.join(', ')} FROM ${table}${where}${groupBy}${orderBy}`;
}
