/**
 * Significant digits kept in an AuditResult: every reported figure far beyond any meaningful
 * precision, and the JSON short. What makes it byte-identical run to run is not this rounding (a
 * value right at a rounding step would still tip, and a statistic such as a p-value of 1e-289
 * turns a 12th-digit difference into a 10th-digit one) but that the engines add sums up exactly
 * (Dialect.exactSum), whatever order their threads or shards deliver the rows in.
 */
const SIGNIFICANT_DIGITS = 10;

function roundSignificant(x: number, digits = SIGNIFICANT_DIGITS): number {
  if (!Number.isFinite(x) || x === 0 || Number.isInteger(x)) return x === 0 ? 0 : x; // also turns -0 into 0
  return Number(x.toPrecision(digits));
}

/** Deep copy with every number rounded and non-finite numbers turned into null (JSON has no NaN). */
export function roundNumbers<T>(value: T): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isFinite(v) ? roundSignificant(v) : null;
    if (Array.isArray(v)) return v.map(visit);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, visit(x)]));
    }
    return v;
  };
  return visit(value) as T;
}

/** The one serialisation of an AuditResult: two-space indent, trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
