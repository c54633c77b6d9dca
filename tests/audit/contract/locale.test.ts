import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatNumber, formatPercent, formatPValue } from '../../../src/audit/contract/locale.js';

/**
 * Known texts, written from the conventions of each language rather than from our output:
 * - Dutch: decimal comma and a full stop between thousands; month names in lower case
 *   (Taalunie, taaladvies.net "Punt of komma in getallen" and "Maandnamen: hoofdletter of
 *   kleine letter?"); the issue's own examples "0,72" and "22 november 2026".
 * - English (British, day-month-year as in EU documents): decimal point, comma between thousands,
 *   capitalised month names (GOV.UK style guide, "Dates": 22 November 2026).
 */
describe('numbers', () => {
  it.each([
    [0.72, 2, '0,72', '0.72'],
    [0.7249, 2, '0,72', '0.72'],
    [0.725, 3, '0,725', '0.725'],
    [12345.678, 1, '12.345,7', '12,345.7'],
    [1234567.5, 2, '1.234.567,50', '1,234,567.50'],
    [-1.5, 2, '-1,50', '-1.50'],
    [3, 0, '3', '3'],
  ])('%d with %d decimals: nl %s, en %s', (x, digits, nl, en) => {
    expect(formatNumber(x, 'nl', digits)).toBe(nl);
    expect(formatNumber(x, 'en', digits)).toBe(en);
  });

  it('a value that rounds to zero has no minus sign', () => {
    expect(formatNumber(-0.001, 'nl', 2)).toBe('0,00');
    expect(formatNumber(-0.001, 'en', 2)).toBe('0.00');
  });

  it('counts are grouped in thousands', () => {
    expect(formatCount(4780, 'nl')).toBe('4.780');
    expect(formatCount(4780, 'en')).toBe('4,780');
    expect(formatCount(100000, 'nl')).toBe('100.000');
    expect(formatCount(250, 'en')).toBe('250');
  });

  it('percentages', () => {
    expect(formatPercent(0.4, 'nl')).toBe('40,0%');
    expect(formatPercent(0.4, 'en')).toBe('40.0%');
    expect(formatPercent(0.3079, 'nl', 1)).toBe('30,8%');
    expect(formatPercent(1, 'en', 0)).toBe('100%');
  });

  it('p-values: four decimals, tiny ones as an upper bound', () => {
    expect(formatPValue(0.0312, 'nl')).toBe('0,0312');
    expect(formatPValue(0.0312, 'en')).toBe('0.0312');
    expect(formatPValue(0.00001, 'nl')).toBe('< 0,0001');
    expect(formatPValue(0.00001, 'en')).toBe('< 0.0001');
  });

  it('a missing or non-finite number is said, not printed as NaN', () => {
    for (const x of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatNumber(x, 'en')).toBe('n/a');
      expect(formatNumber(x, 'nl')).toBe('n.b.');
      expect(formatPercent(x, 'nl')).toBe('n.b.');
      expect(formatPValue(x, 'en')).toBe('n/a');
    }
  });
});

describe('dates', () => {
  it('the issue example: 22 november 2026 (nl), 22 November 2026 (en)', () => {
    expect(formatDate('2026-11-22', 'nl')).toBe('22 november 2026');
    expect(formatDate('2026-11-22', 'en')).toBe('22 November 2026');
  });

  const NL = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
  const EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  it.each(NL.map((nl, i) => [i + 1, nl, EN[i]!]))('month %d: %s / %s, day without a leading zero', (month, nl, en) => {
    const iso = `2027-${String(month).padStart(2, '0')}-02`;
    expect(formatDate(iso, 'nl')).toBe(`2 ${nl} 2027`);
    expect(formatDate(iso, 'en')).toBe(`2 ${en} 2027`);
  });

  it('a calendar date does not shift with the time zone: the first and last day of the year', () => {
    expect(formatDate('2027-01-01', 'nl')).toBe('1 januari 2027');
    expect(formatDate('2026-12-31', 'en')).toBe('31 December 2026');
    expect(formatDate('2028-02-29', 'nl')).toBe('29 februari 2028');
  });

  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '22-11-2026', '2026-11-22T10:00:00Z', ''])('refuses "%s"', (text) => {
    expect(() => formatDate(text, 'nl')).toThrow(RangeError);
  });
});
