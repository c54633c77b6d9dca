import { FIXED_POINT_LIMBS, numberLiteral, type Dialect } from '../sql.js';

/**
 * ClickHouse SQL, accepted by the Debian-packaged 18.16 server and by current releases.
 *
 * ClickHouse's aggregates return the type's default (0) over no rows where standard SQL (and
 * DuckDB) returns NULL, and its -If combinators do the same when no row matches. The canonical
 * form (see AggregateRow) is NULL, so every sum/min/max is guarded by a count of the rows that
 * would contribute: both engines then give identical rows.
 */
const nullWhenNone = (count: string, aggregate: string) => `if(${count} = 0, NULL, ${aggregate})`;
const contributing = (expr: string, cond?: string) => `countIf(${cond === undefined ? '' : `${cond} AND `}(${expr}) IS NOT NULL)`;

/**
 * ClickHouse 18 has no 128-bit integers, and its sum of Int64 wraps around silently. So each of the
 * two integers of an exact sum (|whole| <= 2^61, |fraction| <= 2^51, see Dialect.exactSum) is
 * split again into its multiple of 2^31 and the rest, each summed exactly in Int64 over up to 2^32
 * rows (ClickHouseEngine.magnitudes gives no bounds to a larger table), and the totals are joined
 * as doubles: the same bits on every run.
 */
const LIMB = 2147483648;
const exactSum: NonNullable<Dialect['exactSum']> = (term, exponent, cond) => {
  const scaled = `((${term}) * ${numberLiteral(2 ** exponent)})`;
  const whole = `toInt64(round(${scaled}))`;
  const fraction = `toInt64(round((${scaled} - toFloat64(${whole})) * ${numberLiteral(2 ** FIXED_POINT_LIMBS.fraction)}))`;
  const sum = (x: string) => `toFloat64(${cond === undefined ? `sum(${x})` : `sumIf(${x}, ${cond})`})`;
  const total = (x: string) => `(${sum(`intDiv(${x}, ${LIMB})`)} * ${LIMB} + ${sum(`(${x} % ${LIMB})`)})`;
  const joined = `${total(whole)} * ${numberLiteral(2 ** -exponent)} + ${total(fraction)} * ${numberLiteral(2 ** -(exponent + FIXED_POINT_LIMBS.fraction))}`;
  return nullWhenNone(contributing(term, cond), `(${joined})`);
};

/** Text label of the calendar period of a DateTime (also its GROUP BY key in 18.16). */
const periodLabel: Dialect['periodLabel'] = (expr, unit) =>
  unit === 'month'
    ? `formatDateTime(${expr}, '%Y-%m')`
    : unit === 'day'
      ? `formatDateTime(${expr}, '%Y-%m-%d')`
      : `concat(toString(toYear(${expr})), '-Q', toString(toQuarter(${expr})))`;

export const clickhouseDialect: Dialect = {
  quoteIdent: (name) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``,
  string: (value) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
  toText: (expr) => `toString(${expr})`,
  groupKey: (column) => `toString(${column})`,
  sum: (expr) => nullWhenNone(contributing(expr), `sum(${expr})`),
  min: (expr) => nullWhenNone(contributing(expr), `min(${expr})`),
  max: (expr) => nullWhenNone(contributing(expr), `max(${expr})`),
  count: (cond) => (cond === undefined ? 'count()' : `countIf(${cond})`),
  sumIf: (expr, cond) => nullWhenNone(contributing(expr, cond), `sumIf(${expr}, ${cond})`),
  exactSum,
  minIf: (expr, cond) => nullWhenNone(contributing(expr, cond), `minIf(${expr}, ${cond})`),
  maxIf: (expr, cond) => nullWhenNone(contributing(expr, cond), `maxIf(${expr}, ${cond})`),
  floorInt: (expr) => `toInt64(floor(${expr}))`,
  periodLabel,
  periodKey: periodLabel,
  // DateTime is whole seconds since the epoch (UInt32) in 18.16.
  epochSeconds: (expr) => `toUInt32(${expr})`,
  // ClickHouse 18 needs the strictness keyword; ALL keeps every match, as standard SQL does.
  pairJoin: (left, right, using) => `(SELECT * FROM ${left} ALL INNER JOIN ${right} USING (${using.join(', ')}))`,
  // No window functions in ClickHouse 18; LIMIT n BY keeps the first n rows of each group in ORDER BY order.
  firstPerGroup: (groups, order, n) => `ORDER BY ${[...groups, ...order].join(', ')} LIMIT ${n} BY ${groups.join(', ')}`,
};
