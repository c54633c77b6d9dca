/**
 * Significant digits kept in an AuditResult. Sums of doubles in a parallel engine can differ in
 * the last bits between runs (thread scheduling changes the order of addition) and between
 * engines; rounding to 10 significant digits keeps every reported figure far beyond any
 * meaningful precision while making the JSON byte-identical run to run.
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
