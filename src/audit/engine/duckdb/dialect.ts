import type { Dialect } from '../sql.js';

export const duckdbDialect: Dialect = {
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  string: (value) => `'${value.replaceAll("'", "''")}'`,
  toText: (expr) => `CAST(${expr} AS VARCHAR)`,
  groupKey: (column) => column,
  sum: (expr) => `sum(${expr})`,
  min: (expr) => `min(${expr})`,
  max: (expr) => `max(${expr})`,
  count: (cond) => (cond === undefined ? 'count(*)' : `count(*) FILTER (WHERE ${cond})`),
  sumIf: (expr, cond) => `sum(${expr}) FILTER (WHERE ${cond})`,
  minIf: (expr, cond) => `min(${expr}) FILTER (WHERE ${cond})`,
  maxIf: (expr, cond) => `max(${expr}) FILTER (WHERE ${cond})`,
  floorInt: (expr) => `CAST(floor(${expr}) AS BIGINT)`,
  periodLabel: (expr, unit) =>
    unit === 'month' ? `strftime(${expr}, '%Y-%m')` : unit === 'day' ? `strftime(${expr}, '%Y-%m-%d')` : `(CAST(year(${expr}) AS VARCHAR) || '-Q' || CAST(quarter(${expr}) AS VARCHAR))`,
  epochSeconds: (expr) => `epoch(${expr})`,
  innerJoin: 'INNER JOIN',
  firstPerGroup: (groups, order, n) =>
    `QUALIFY row_number() OVER (PARTITION BY ${groups.join(', ')} ORDER BY ${order.join(', ')}) <= ${n} ORDER BY ${[...groups, ...order].join(', ')}`,
};
