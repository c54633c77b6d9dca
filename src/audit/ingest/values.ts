import type { ValueChange, ValuesReport, ValueVariants } from '../contract/dataset.js';
import { VALUE_NORMALISATION } from '../contract/dataset.js';

/**
 * Normalisation of categorical values (stage, tool, protected attributes), decided once per
 * distinct value in TypeScript and applied in SQL (normalize.ts): a spreadsheet's "female",
 * "Female ", "fe\u200Bmale" and the two Unicode spellings of "fémale" must not silently become
 * groups compared with each other.
 *   1. Unicode NFC; control and invisible formatting characters removed; trimmed; '' is empty.
 *   2. A missing-value marker (protected attributes only) is empty: `unknown`, counted.
 *   3. The policy's mapping, matched on the value as read, then as normalised.
 * What changed is listed, and values still differing only in case are reported as variants.
 */

/** Control characters and invisible formatting characters (see VALUE_NORMALISATION). */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** The same class for DuckDB's regexp_replace (RE2 syntax). */
export const INVISIBLE_RE2 = '[\\x00-\\x1F\\x7F-\\x9F\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{2069}\\x{FEFF}]';

export interface ValueRules {
  /** The policy's mapping for this column (value as read or as normalised -> value audited). */
  mapping: Record<string, string>;
  /** Markers of "not known" (protected attributes only; empty for stage and tool). */
  missing: readonly string[];
}

/** Space separators (Unicode Z) at either end; what DuckDB's trimming below removes too. */
const EDGE_SPACE = /^\p{Z}+|\p{Z}+$/gu;
export const EDGE_SPACE_RE2 = '^\\p{Z}+|\\p{Z}+$';

function normaliseText(raw: string): string {
  return raw.replace(INVISIBLE, '').normalize('NFC').replace(EDGE_SPACE, '');
}

type Fate = { to: string | null; how: 'kept' | 'normalised' | 'missing' | 'mapped' };

/** What one distinct value as read becomes. */
function fateOf(raw: string, rules: ValueRules): Fate {
  if (Object.hasOwn(rules.mapping, raw)) return { to: rules.mapping[raw]!, how: 'mapped' };
  const clean = normaliseText(raw);
  if (clean === '') return { to: null, how: raw === '' ? 'kept' : 'normalised' };
  if (rules.missing.includes(clean)) return { to: null, how: 'missing' };
  if (Object.hasOwn(rules.mapping, clean)) return { to: rules.mapping[clean]!, how: 'mapped' };
  return { to: clean, how: clean === raw ? 'kept' : 'normalised' };
}

/** UTF-8 byte order, as DuckDB sorts VARCHAR (JS's default sort compares UTF-16 units). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export interface ColumnValues {
  /** Every distinct value as read (null: empty cell) with its rows. */
  distinct: { raw: string | null; rows: number }[];
}

/** Per distinct value its fate; the changes to list, and the case variants among the results. */
export function planColumn(column: string, values: ColumnValues, rules: ValueRules) {
  const fates = new Map<string, Fate>();
  const missing: ValueChange[] = [];
  const mapped: ValueChange[] = [];
  const normalised: ValueChange[] = [];
  const audited = new Map<string, number>();
  for (const { raw, rows } of values.distinct) {
    if (raw === null) continue;
    const fate = fateOf(raw, rules);
    fates.set(raw, fate);
    const change = { column, from: raw, to: fate.to, rows };
    if (fate.how === 'missing') missing.push(change);
    else if (fate.how === 'mapped') mapped.push(change);
    else if (fate.how === 'normalised') normalised.push(change);
    if (fate.to !== null) audited.set(fate.to, (audited.get(fate.to) ?? 0) + rows);
  }
  const byFold = new Map<string, { value: string; rows: number }[]>();
  for (const [value, rows] of audited) {
    const key = value.toLowerCase();
    byFold.set(key, [...(byFold.get(key) ?? []), { value, rows }]);
  }
  const variants: ValueVariants[] = [...byFold.values()]
    .filter((list) => list.length > 1)
    .map((list) => ({ column, values: list.sort((a, b) => b.rows - a.rows || byteOrder(a.value, b.value)) }));
  const finals = [...audited.keys()].sort(byteOrder);
  return { fates, finals, missing, mapped, normalised, variants };
}

/** The report of every column's plan, in a stable order (column, then value as read). */
export function valuesReport(plans: readonly ReturnType<typeof planColumn>[], unlisted: readonly string[]): ValuesReport {
  const order = (a: ValueChange, b: ValueChange) => byteOrder(a.column, b.column) || byteOrder(a.from, b.from);
  return {
    normalisation: VALUE_NORMALISATION,
    missing: plans.flatMap((p) => p.missing).sort(order),
    mapped: plans.flatMap((p) => p.mapped).sort(order),
    normalised: plans.flatMap((p) => p.normalised).sort(order),
    variants: plans.flatMap((p) => p.variants).sort((a, b) => byteOrder(a.column, b.column) || byteOrder(a.values[0]!.value.toLowerCase(), b.values[0]!.value.toLowerCase())),
    unlisted: [...unlisted].sort(byteOrder),
  };
}
