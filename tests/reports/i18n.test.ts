import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/audit/contract/audit-result.js';
import { wordsFor } from '../../src/reports/i18n/index.js';

/**
 * The reports' number, date and label formatting per language, against known texts written from
 * each language's conventions (as in tests/audit/contract/locale.test.ts: Dutch decimal comma and
 * full stop between thousands, month in lower case, Taalunie; English as the reports have always
 * printed numbers, so existing English reports do not change).
 */
const en = wordsFor({ policy: {} as never });
const nl = wordsFor({ policy: { language: 'nl' } as never });

describe('numbers in the reports', () => {
  it.each([
    ['share', (w: typeof en) => w.pct(0.2906574394), '29.1%', '29,1%'],
    ['share without decimals', (w: typeof en) => w.pct(0.38, 0), '38%', '38%'],
    ['ratio', (w: typeof en) => w.fix(0.7158640779), '0.72', '0,72'],
    ['negative that rounds to zero', (w: typeof en) => w.fix(-0.001), '-0.00', '0,00'],
    ['count', (w: typeof en) => w.count(64798), '64798', '64.798'],
    ['p-value', (w: typeof en) => w.pv(0.0312), '0.0312', '0,0312'],
    ['tiny p-value keeps its size', (w: typeof en) => w.pv(3.3e-22), '3.3e-22', '3,3e-22'],
    ['p-value of exactly 0', (w: typeof en) => w.pv(0), '<1e-300', '<1e-300'],
    ['missing number', (w: typeof en) => w.fix(null), '–', '–'],
    ['interval', (w: typeof en) => w.ci([0.3696643164, 0.4052797947], (x) => w.pct(x)), '37.0%–40.5%', '37,0%–40,5%'],
    ['date', (w: typeof en) => w.date('2026-11-22'), '2026-11-22', '22 november 2026'],
  ])('%s: en %s, nl %s', (_, f, english, dutch) => {
    expect(f(en)).toBe(english);
    expect(f(nl)).toBe(dutch);
  });
});

describe('labels in the reports', () => {
  it('statuses and the basis of a threshold', () => {
    expect([en.status('fail'), en.status('insufficient_evidence'), en.kind('guidance-US')]).toEqual(['FAIL', 'INSUFFICIENT EVIDENCE', 'guidance (US)']);
    expect([nl.status('fail'), nl.status('insufficient_evidence'), nl.kind('guidance-US')]).toEqual(['VOLDOET NIET', 'ONVOLDOENDE BEWIJS', 'richtsnoer (VS)']);
  });

  it('a finding subject: where, who, against whom', () => {
    const f = { subject: { tool: 'vendor_x', stage: 'cv_screen', groups: { age_band: '50+' }, reference: { age_band: '30-49' } }, evidence: {} } as unknown as Finding;
    expect(en.subject(f)).toBe('vendor_x / cv_screen / age_band=50+ vs age_band=30-49');
    expect(nl.subject(f)).toBe('vendor_x / cv_screen / age_band=50+ tegenover age_band=30-49');
  });

  it("the rules' English exclusion texts, said in Dutch", () => {
    expect(nl.exclusion('unknown category: counted, not compared (LL144 §5-301)')).toBe('onbekende categorie: geteld, niet vergeleken (LL144 §5-301)');
    expect(nl.exclusion('under 2% of the stage: excluded from impact ratios (LL144 §5-301(d))')).toBe("minder dan 2% van de fase: buiten de impact ratio's gelaten (LL144 §5-301(d))");
    expect(nl.exclusion('under 2% of the candidates the rate is defined over: excluded (LL144 §5-301(d))')).toBe(
      'minder dan 2% van de kandidaten waarover het percentage bepaald is: buiten beschouwing gelaten (LL144 §5-301(d))',
    );
    expect(en.exclusion('no candidates')).toBe('no candidates');
  });

  it('a text whose part is not filled in is an error, not a "{name}" in a report', () => {
    expect(() => nl.t('md.overall', { status: 'VOLDOET' })).toThrow('md.overall (nl) needs {counts}');
  });
});
