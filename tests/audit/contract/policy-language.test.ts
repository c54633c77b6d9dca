import { describe, expect, it } from 'vitest';
import { Declarations } from '../../../src/audit/contract/declarations.js';
import { languageOf, parsePolicy, withOverrides } from '../../../src/audit/contract/policy.js';
import { PolicyError } from '../../../src/audit/errors.js';

/**
 * The report language and the requirement sets that follow from it: the WOR (works council) set is
 * judged by default when the policy says the employer is Dutch or asks for Dutch reports; a policy
 * that lists its sets gets exactly those.
 */
describe('language', () => {
  it('is English unless the policy says nl, and is not echoed when not given', () => {
    const plain = parsePolicy({});
    expect(languageOf(plain)).toBe('en');
    expect('language' in plain).toBe(false);
    expect(languageOf(parsePolicy({ language: 'nl' }))).toBe('nl');
  });

  it('refuses other languages', () => {
    expect(() => parsePolicy({ language: 'de' })).toThrow(PolicyError);
  });
});

describe('default requirement sets', () => {
  it('the Dutch frame without the works-council set for a policy that does not say Dutch', () => {
    expect(parsePolicy({}).requirementSets).toEqual(['nvp', 'avg', 'ai-act']);
    expect(parsePolicy({ language: 'en', declarations: { employerCountry: 'BE' } }).requirementSets).toEqual(['nvp', 'avg', 'ai-act']);
  });

  it('adds wor when the employer is Dutch or the language is nl', () => {
    expect(parsePolicy({ declarations: { employerCountry: 'NL' } }).requirementSets).toEqual(['nvp', 'avg', 'ai-act', 'wor']);
    expect(parsePolicy({ language: 'nl' }).requirementSets).toEqual(['nvp', 'avg', 'ai-act', 'wor']);
  });

  it('sets the policy names are kept as they are', () => {
    expect(parsePolicy({ language: 'nl', requirementSets: ['ugesp'] }).requirementSets).toEqual(['ugesp']);
    expect(parsePolicy({ requirementSets: ['wor'] }).requirementSets).toEqual(['wor']);
  });

  it('--lang nl on top of a policy with default sets adds wor; chosen sets stay', () => {
    expect(withOverrides(parsePolicy({}), { language: 'nl' }).requirementSets).toEqual(['nvp', 'avg', 'ai-act', 'wor']);
    expect(withOverrides(parsePolicy({ language: 'nl' }), { language: 'en' }).requirementSets).toEqual(['nvp', 'avg', 'ai-act']);
    expect(withOverrides(parsePolicy({ requirementSets: ['nvp', 'll144'] }), { language: 'nl' }).requirementSets).toEqual(['nvp', 'll144']);
    expect(withOverrides(parsePolicy({}), { seed: 3 }).requirementSets).toEqual(['nvp', 'avg', 'ai-act']);
  });
});

describe('works-council declarations', () => {
  it('accept a consent date or false per right, a headcount and a country code', () => {
    const d = Declarations.parse({ employerCountry: 'NL', worksCouncil: true, headcount: 250, worksCouncilConsent: { hiringPolicy: '2026-03-01', monitoring: false }, toolFirstUseDate: '2026-04-01' });
    expect(d.worksCouncilConsent).toEqual({ hiringPolicy: '2026-03-01', monitoring: false });
  });

  it.each([
    [{ employerCountry: 'nl' }, 'employerCountry'],
    [{ headcount: 12.5 }, 'headcount'],
    [{ worksCouncilConsent: { hiringPolicy: true } }, 'worksCouncilConsent.hiringPolicy'],
    [{ worksCouncilConsent: { hiring: '2026-01-01' } }, 'worksCouncilConsent'],
    [{ toolFirstUseDate: '1 March 2026' }, 'toolFirstUseDate'],
  ])('refuse %j with the key in the message', (declarations, key) => {
    expect(() => parsePolicy({ declarations })).toThrow(`declarations.${key}`);
  });
});
