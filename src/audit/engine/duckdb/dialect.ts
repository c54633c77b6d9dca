import type { Dialect } from '../sql.js';

export const duckdbDialect: Dialect = {
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  string: (value) => `'${value.replaceAll("'", "''")}'`,
  toText: (expr) => `CAST(${expr} AS VARCHAR)`,
  sumIf: (expr, cond) => `sum(${expr}) FILTER (WHERE ${cond})`,
  minIf: (expr, cond) => `min(${expr}) FILTER (WHERE ${cond})`,
  maxIf: (expr, cond) => `max(${expr}) FILTER (WHERE ${cond})`,
  floorInt: (expr) => `CAST(floor(${expr}) AS BIGINT)`,
  periodLabel: (expr, unit) =>
    unit === 'month' ? `strftime(${expr}, '%Y-%m')` : `(CAST(year(${expr}) AS VARCHAR) || '-Q' || CAST(quarter(${expr}) AS VARCHAR))`,
  innerJoin: 'INNER JOIN',
};
