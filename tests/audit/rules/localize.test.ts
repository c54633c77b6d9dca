import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { AuditResult, type Finding } from '../../../src/audit/contract/audit-result.js';
import { localizeFinding, localizeResult } from '../../../src/audit/rules/localize.js';
import { CATALOGUES, messageFor } from '../../../src/audit/rules/messages.js';
import { phrasePairs, translatePhrase } from '../../../src/audit/rules/messages/phrases.js';
import { RULE_SETS } from '../../../src/audit/rules/requirements/index.js';

/**
 * The rules' catalogues per language (issue 17): the same keys in Dutch and English, every rule
 * text of every golden result translatable, and a result that goes to Dutch and back reads as it
 * did. The Dutch sentences themselves are read by people, not asserted here; tests/reports/dutch
 * checks that a Dutch report holds none of the English ones.
 */
const GOLDEN = new URL('../../golden/results/', import.meta.url);
const goldens = async (): Promise<[string, AuditResult][]> => {
  const names = (await readdir(GOLDEN)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (n): Promise<[string, AuditResult]> => [n, AuditResult.parse(JSON.parse(await readFile(new URL(n, GOLDEN), 'utf8')))]));
};

describe('key sets', () => {
  it('Dutch and English have the same finding templates, reasons and status phrases', () => {
    const { en, nl } = CATALOGUES;
    expect(Object.keys(nl.findings).sort()).toEqual(Object.keys(en.findings).sort());
    expect(Object.keys(nl.reasons).sort()).toEqual(Object.keys(en.reasons).sort());
    expect(Object.keys(nl.status).sort()).toEqual(Object.keys(en.status).sort());
  });

  it('no entry is empty or left in the other language', () => {
    const { en, nl } = CATALOGUES;
    for (const [key, text] of Object.entries(nl.reasons)) {
      expect(text, key).not.toBe('');
      expect(text, key).not.toBe(en.reasons[key as keyof typeof en.reasons]);
    }
    for (const kind of ['threshold', 'source', 'set', 'title', 'evidence'] as const) {
      for (const [english, dutch] of phrasePairs(kind)) {
        expect(dutch, english).not.toBe('');
        // the placeholders of both sides are the same
        expect([...dutch.matchAll(/\{\d\}/g)].map((m) => m[0]).sort(), english).toEqual([...english.matchAll(/\{\d\}/g)].map((m) => m[0]).sort());
      }
    }
  });

  it('every rule of every rule set has a Dutch title, source and threshold', () => {
    for (const set of Object.values(RULE_SETS)) {
      expect(translatePhrase('set', set.name, 'nl'), set.name).not.toBeNull();
      expect(translatePhrase('set', set.edition, 'nl'), set.edition).not.toBeNull();
      for (const rule of set.rules) {
        expect(translatePhrase('title', rule.title, 'nl'), rule.title).not.toBeNull();
        expect(translatePhrase('source', rule.source, 'nl'), rule.source).not.toBeNull();
        expect(translatePhrase('threshold', rule.threshold, 'nl'), rule.threshold).not.toBeNull();
      }
    }
  });
});

describe('the golden results in Dutch', async () => {
  const results = await goldens();

  it.each(results)('%s: every rule text and requirement has a Dutch phrase', (_, result) => {
    const missing = result.findings.flatMap((f) => [
      ...(translatePhrase('source', f.rule.source, 'nl') === null ? [`source: ${f.rule.source}`] : []),
      ...(translatePhrase('threshold', f.rule.threshold, 'nl') === null ? [`threshold: ${f.rule.threshold}`] : []),
      ...(f.requirement && translatePhrase('title', f.requirement.title, 'nl') === null ? [`title: ${f.requirement.title}`] : []),
    ]);
    expect([...new Set(missing)]).toEqual([]);
  });

  it.each(results)('%s: every finding is re-worded, and Dutch and back gives the English result', (_, result) => {
    const dutch = localizeResult(result, 'nl');
    expect(dutch.policy.language).toBe('nl');
    for (const [i, f] of dutch.findings.entries()) {
      const original = result.findings[i]!;
      expect(f.message, original.code).not.toBe(original.message);
      expect({ ...f, message: '', rule: null, requirement: null }).toEqual({ ...original, message: '', rule: null, requirement: null });
    }
    // Written again from the saved evidence, which the result rounds to 10 significant digits: a
    // number on a rounding edge (0.80499999999 saved as 0.805) may print its last digit differently
    // than at audit time, so the sentences are compared with the ones the saved evidence gives.
    const rewritten = result.findings.map((f) => (f.requirement ? f : { ...f, message: messageFor(f.code, f.evidence, f.subject, f.status, 'en') }));
    expect(rewritten.filter((f, i) => f.message !== result.findings[i]!.message).length).toBeLessThanOrEqual(2);
    const back = localizeResult(dutch, 'en');
    expect(back.findings).toEqual(rewritten);
  });

  it('an English result asked for in English is the same object', () => {
    const [, result] = results[0]!;
    expect(localizeResult(result, 'en')).toBe(result);
  });
});

describe('Dutch numbers and dates in the sentences', () => {
  const subject: Finding['subject'] = { tool: 'vendor_x', stage: 'cv_screen', groups: { age_band: '50+' }, reference: { age_band: '30-49' } };
  const evidence = { rate: 0.2913, reference_rate: 0.4056, impact_ratio: 0.7182, holm_p: 0.00001, n: 1156 };

  it('a decimal comma in Dutch, a decimal point in English', () => {
    const nl = messageFor('disparity.selection_rate', evidence, subject, 'fail', 'nl');
    expect(nl).toContain('29,1%');
    expect(nl).toContain('impact ratio 0,72');
    expect(nl).toContain('p < 0,0001');
    expect(nl).toContain('fase cv_screen');
    const en = messageFor('disparity.selection_rate', evidence, subject, 'fail', 'en');
    expect(en).toContain('29.1%');
    expect(en).toContain('impact ratio 0.72');
  });

  it('a duty not yet in force names its date written out', () => {
    const f: Finding = {
      code: 'requirement.ai-act.AIA-12',
      status: 'warn',
      subject: { tool: null, stage: null, groups: null, reference: null },
      evidence: { applies_from: '2027-12-02' },
      rule: { id: 'AIA-12', source: 'AI Act art. 12, 19, 26(6)', threshold: 'logs kept < 6 months => fail (from the Annex III date)', kind: 'law' },
      message: 'Automatic event logs kept at least six months: needs attention — logs are kept for less than six months. This duty applies from 2027-12-02; until then it is a warning.',
      requirement: { set: 'ai-act', set_name: 'EU AI Act', edition: 'Reg. (EU) 2024/1689 as amended by Reg. (EU) 2026/1744', title: 'Automatic event logs kept at least six months' },
    };
    const nl = localizeFinding(f, 'nl');
    expect(nl.message).toBe('Automatische logs minstens zes maanden bewaard: aandacht nodig — logs worden korter dan zes maanden bewaard. Deze plicht geldt vanaf 2 december 2027; tot dan is het een waarschuwing.');
    expect(nl.rule.threshold).toBe('logs < 6 maanden bewaard => voldoet niet (vanaf de datum van bijlage III)');
    expect(nl.requirement?.set_name).toBe('AI-verordening (EU AI Act)');
    expect(localizeFinding(nl, 'en')).toEqual(f);
  });

  it('a threshold carries the policy numbers over with a decimal comma', () => {
    expect(translatePhrase('threshold', 'warn if the bottom-line impact ratio < 0.75', 'nl')).toBe('let op als de impact ratio over het hele proces (bottom line) < 0,75');
    expect(translatePhrase('threshold', 'let op als de impact ratio over het hele proces (bottom line) < 0,75', 'en')).toBe('warn if the bottom-line impact ratio < 0.75');
  });

  it('a finding of a code the catalogue does not know keeps its sentence', () => {
    const f: Finding = {
      code: 'toy.thing',
      status: 'pass',
      subject: { tool: null, stage: null, groups: null, reference: null },
      evidence: {},
      rule: { id: 'TOY', source: 'a toy source', threshold: 'a toy threshold', kind: 'convention' },
      message: 'A toy sentence.',
    };
    expect(localizeFinding(f, 'nl')).toEqual(f);
  });
});
