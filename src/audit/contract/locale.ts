import type { Language } from './policy.js';

/**
 * Numbers and dates as a reader of each report language writes them, from one place: Dutch
 * reports use the decimal comma and the full stop between thousands (0,72; 12.345) and month
 * names in lower case (22 november 2026); English reports use the decimal point and day-month-year
 * (0.72; 12,345; 22 November 2026). Built on Intl with the CLDR data Node ships (full ICU).
 */
const LOCALE: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL' };

/** What is printed for a missing or non-finite number (JSON null, NaN). */
const NOT_AVAILABLE: Record<Language, string> = { en: 'n/a', nl: 'n.b.' };

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    // signDisplay 'negative': a value that rounds to zero prints as 0,00, never -0,00.
    format = new Intl.NumberFormat(LOCALE[lang], { signDisplay: 'negative', ...options });
    numberFormats.set(key, format);
  }
  return format;
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * A number with exactly `digits` decimals, grouped in thousands.
 * @example formatNumber(0.7249, 'nl', 2) // '0,72'
 * @example formatNumber(12345.678, 'en', 1) // '12,345.7'
 */
export function formatNumber(x: number | null | undefined, lang: Language, digits = 2): string {
  if (!isNumber(x)) return NOT_AVAILABLE[lang];
  return numberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** A count, grouped in thousands: 4.780 (nl), 4,780 (en). */
export function formatCount(n: number | null | undefined, lang: Language): string {
  return formatNumber(n, lang, 0);
}

/**
 * A share (0..1) as a percentage with `digits` decimals: 0.4 -> '40,0%' (nl), '40.0%' (en).
 */
export function formatPercent(share: number | null | undefined, lang: Language, digits = 1): string {
  if (!isNumber(share)) return NOT_AVAILABLE[lang];
  return numberFormat(lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share);
}

/** A p-value with four decimals; below 0.0001 as '< 0,0001' (nl) or '< 0.0001' (en). */
export function formatPValue(p: number | null | undefined, lang: Language): string {
  if (!isNumber(p)) return NOT_AVAILABLE[lang];
  return p < 0.0001 ? `< ${formatNumber(0.0001, lang, 4)}` : formatNumber(p, lang, 4);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Made on first use, like the number formats: creating one loads ICU's locale data (about 15 ms), which an audit without a date to write never needs. */
const dateFormats: Partial<Record<Language, Intl.DateTimeFormat>> = {};
const dateFormat = (lang: Language) =>
  (dateFormats[lang] ??= new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));

/**
 * An ISO calendar date written out: '2026-11-22' -> '22 november 2026' (nl), '22 November 2026'
 * (en). Read as a calendar date (UTC), so the day never shifts with the machine's time zone.
 * @throws RangeError when the text is not a valid YYYY-MM-DD date
 */
export function formatDate(iso: string, lang: Language): string {
  const m = ISO_DATE.exec(iso);
  const [year, month, day] = m === null ? [NaN, NaN, NaN] : [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: that maps years 0-99 to 1900-1999
  if (m === null || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`formatDate expects an ISO date YYYY-MM-DD, got "${iso}"`);
  }
  return dateFormat(lang).format(date);
}
