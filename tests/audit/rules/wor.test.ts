import { describe, expect, it } from 'vitest';
import { type AuditResult, type FindingStatus, SCHEMA_VERSION } from '../../../src/audit/contract/audit-result.js';
import type { Declarations } from '../../../src/audit/contract/declarations.js';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import { RULE_SETS, requirementFindings } from '../../../src/audit/rules/requirements/index.js';
import type { RuleContext } from '../../../src/audit/rules/requirements/rule.js';

/**
 * The WOR set beyond the pass/fail/missing triples of requirements.test.ts: the 50-person line of
 * art. 2(1), "not applicable" said as such, the order of consent and first use, and the sentence
 * that tells a works council what a decision without its consent means (art. 27(5)).
 */
const AUDIT_DATE = '2026-11-22';

function draft(declarations: Declarations, columns: string[] = []): Omit<AuditResult, 'summary'> {
  const policy = parsePolicy({ protected: ['gender'], requirementSets: ['wor'], auditDate: AUDIT_DATE, declarations });
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'hireaudit', version: 'test' },
    dataset: { source: 't', format: 'csv', hash: 'h', columns, protectedAttributes: ['gender'], traits: [], weighted: false, accounting: { rowsRead: 0, rowsUsed: 0, candidatesRead: 0, candidatesUsed: 0, excluded: [] } },
    policy,
    thresholdSources: {},
    disparity: { stages: [], rows: [], scoring: [], cut_scores: [], funnel: [], cmh: [] },
    findings: [],
  } as Omit<AuditResult, 'summary'>;
}

const ctx = (declarations: Declarations, columns: string[] = []): RuleContext => ({ result: draft(declarations, columns), declarations, auditDate: AUDIT_DATE, set: RULE_SETS.wor });
const rule = (id: string) => RULE_SETS.wor.rules.find((r) => r.id === id)!;
const verdict = (id: string, d: Declarations) => rule(id).evaluate(ctx(d));
const findings = (d: Declarations, columns: string[] = []) => requirementFindings(draft(d, columns), draft(d, columns).policy, AUDIT_DATE);
const CONSENT_RULES = ['WOR-27(1)(e)', 'WOR-27(1)(k)', 'WOR-27(1)(l)'];

describe('WOR art. 2: is a works council required?', () => {
  it.each<[string, Declarations, FindingStatus, string]>([
    ['49 persons, no council: not required', { worksCouncil: false, headcount: 49 }, 'pass', 'works_council_not_required'],
    ['50 persons, no council: required and missing', { worksCouncil: false, headcount: 50 }, 'fail', 'works_council_required'],
    ['20 persons with a council', { worksCouncil: true, headcount: 20 }, 'pass', 'works_council_exists'],
    ['a council, headcount not declared', { worksCouncil: true }, 'pass', 'works_council_exists'],
    ['no council, headcount not declared', { worksCouncil: false }, 'not_assessed', 'partly_declared'],
    ['200 persons, council not declared', { headcount: 200 }, 'not_assessed', 'partly_declared'],
  ])('%s', (_, d, status, reason) => {
    expect(verdict('WOR-2', d)).toMatchObject({ status, reason });
  });
});

describe('WOR art. 27(1): consent rights', () => {
  it('under 50 persons and without a council the consent rules do not apply, and say so', () => {
    for (const id of CONSENT_RULES) {
      expect(verdict(id, { worksCouncil: false, headcount: 30 })).toMatchObject({ status: 'pass', reason: 'wor_not_applicable' });
    }
    const message = findings({ worksCouncil: false, headcount: 30 }).find((f) => f.code === 'requirement.wor.WOR-27(1)(e)')!.message;
    expect(message).toMatch(/not applicable: fewer than 50 persons/);
  });

  it('a council that is required but missing cannot consent: a warning beside the art. 2 failure', () => {
    for (const id of CONSENT_RULES) expect(verdict(id, { worksCouncil: false, headcount: 80 }).status).toBe('warn');
  });

  it.each<[string, NonNullable<Declarations['worksCouncilConsent']>, FindingStatus, string]>([
    ['consent on the day of first use', { hiringPolicy: '2026-06-01' }, 'pass', 'consent_before_use'],
    ['consent after first use, before the audit', { hiringPolicy: '2026-07-01' }, 'warn', 'consent_after_use'],
    ['consent dated after first use and after the audit', { hiringPolicy: '2027-01-01' }, 'fail', 'decided_without_consent'],
    ['no consent, tool in use', { hiringPolicy: false }, 'fail', 'decided_without_consent'],
  ])('%s', (_, consent, status, reason) => {
    expect(verdict('WOR-27(1)(e)', { worksCouncil: true, worksCouncilConsent: consent, toolFirstUseDate: '2026-06-01' })).toMatchObject({ status, reason });
  });

  it('no consent yet while first use is still ahead: a warning, not a failure', () => {
    expect(verdict('WOR-27(1)(e)', { worksCouncil: true, worksCouncilConsent: { hiringPolicy: false }, toolFirstUseDate: '2027-03-01' })).toMatchObject({ status: 'warn', reason: 'consent_needed_before_use' });
  });

  it('without a first-use date, consent is compared with the audit date', () => {
    expect(verdict('WOR-27(1)(e)', { worksCouncil: true, worksCouncilConsent: { hiringPolicy: '2026-11-22' } })).toMatchObject({ status: 'pass', reason: 'consent_before_audit' });
    expect(verdict('WOR-27(1)(e)', { worksCouncil: true, worksCouncilConsent: { hiringPolicy: '2026-11-23' } })).toMatchObject({ status: 'fail', reason: 'decided_without_consent' });
    expect(verdict('WOR-27(1)(e)', { worksCouncil: true, worksCouncilConsent: { hiringPolicy: false } })).toMatchObject({ status: 'fail', reason: 'consent_not_given' });
  });

  it('each right is judged on its own declaration', () => {
    const d: Declarations = { worksCouncil: true, worksCouncilConsent: { hiringPolicy: '2026-01-01', monitoring: false }, toolFirstUseDate: '2026-02-01' };
    expect(CONSENT_RULES.map((id) => verdict(id, d).status)).toEqual(['pass', 'not_assessed', 'fail']);
  });

  it('the data and monitoring rules show which recruiter columns the audited data hold', () => {
    const d: Declarations = { worksCouncil: true, worksCouncilConsent: { monitoring: false } };
    expect(rule('WOR-27(1)(l)').evaluate(ctx(d, ['selected', 'reviewer_id', 'review_seconds'])).evidence).toMatchObject({ recruiter_columns_in_data: 'reviewer_id, review_seconds' });
    expect(rule('WOR-27(1)(l)').evaluate(ctx(d, ['selected'])).evidence).toMatchObject({ recruiter_columns_in_data: 'none' });
  });
});

describe('WOR verdict sentences', () => {
  const all = findings(
    { worksCouncil: true, headcount: 300, worksCouncilConsent: { hiringPolicy: false, personalData: '2026-09-01', monitoring: '2026-03-01' }, toolFirstUseDate: '2026-06-01' },
    ['selected', 'reviewer_id'],
  );
  const byId = (id: string) => all.find((f) => f.code === `requirement.wor.${id}`)!;

  it('every verdict names its article', () => {
    expect(all.map((f) => f.code)).toEqual(['requirement.wor.WOR-2', ...CONSENT_RULES.map((id) => `requirement.wor.${id}`)]);
    expect(byId('WOR-2').message).toContain('WOR art. 2');
    for (const [id, letter] of [['WOR-27(1)(e)', 'e'], ['WOR-27(1)(k)', 'k'], ['WOR-27(1)(l)', 'l']] as const) {
      expect(byId(id).message).toContain(`WOR art. 27(1)(${letter})`);
      expect(byId(id).rule.source).toContain(`27(1)(${letter})`);
      expect(byId(id).rule.kind).toBe('law');
    }
  });

  it('a decision without consent is explained (art. 27(5)), with no status of its own', () => {
    const failed = byId('WOR-27(1)(e)');
    expect(failed.status).toBe('fail');
    expect(failed.message).toMatch(/void if the works council invokes the nullity in writing within one month/);
    expect(failed.message).toContain('art. 27(5)');
    expect(failed.message).toContain('art. 27(4)');
    expect(byId('WOR-27(1)(k)')).toMatchObject({ status: 'warn' });
    expect(byId('WOR-27(1)(k)').message).toContain('art. 27(5)');
    expect(byId('WOR-27(1)(l)')).toMatchObject({ status: 'pass' });
    expect(new Set(all.map((f) => f.status))).toEqual(new Set(['pass', 'warn', 'fail']));
  });

  it('the finding carries the set, its edition and the declarations as evidence', () => {
    expect(byId('WOR-27(1)(e)').requirement).toMatchObject({ set: 'wor', set_name: 'Wet op de ondernemingsraden (WOR)' });
    expect(byId('WOR-27(1)(e)').evidence).toMatchObject({ consent: 'not given', first_use: '2026-06-01', audit_date: AUDIT_DATE, verified: 'no (declared, not verified)' });
  });
});
