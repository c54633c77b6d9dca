import { describe, expect, it } from 'vitest';
import { type AuditResult, type Finding, type FindingStatus, SCHEMA_VERSION } from '../../../src/audit/contract/audit-result.js';
import type { Declarations } from '../../../src/audit/contract/declarations.js';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import { RULE_SETS } from '../../../src/audit/rules/requirements/index.js';
import type { RuleContext, SetId } from '../../../src/audit/rules/requirements/rule.js';

/**
 * Every requirement rule gets three cases: one that passes, one that fails (or warns where the
 * rule can only warn) and one with missing evidence (insufficient evidence, or not_assessed for
 * rules that need a declaration: a missing declaration is never a pass).
 */
function metricFinding(code: string, status: FindingStatus, stage: string | null = 'cv_screen'): Finding {
  return {
    code,
    status,
    subject: { tool: null, stage, groups: null, reference: null },
    evidence: {},
    rule: { id: 'T', source: 't', threshold: 't', kind: 'convention' },
    message: 't',
  };
}

type CutScores = AuditResult['disparity']['cut_scores'];
const curve = (impactRatios: (number | null)[][]): CutScores => [
  {
    tool: null,
    stage: 'cv_screen',
    attributes: ['gender'],
    cuts: impactRatios[0]!.map((_, k) => k),
    groups: impactRatios.map((irs, i) => ({ groups: { gender: `g${i}` }, n: 100, rates: irs.map(() => 0.5), impact_ratios: irs })),
  },
];

interface Case {
  findings?: Finding[];
  declarations?: Declarations;
  auditDate?: string;
  cutScores?: CutScores;
  rows?: Partial<AuditResult['disparity']['rows'][number]>[];
  protectedAttributes?: string[];
  expect: FindingStatus;
}

function context(setId: SetId, c: Case): RuleContext {
  const policy = parsePolicy({ protected: c.protectedAttributes ?? ['gender'] });
  const result = {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'hireaudit', version: 'test' },
    dataset: { source: 't', format: 'csv', hash: 'h', columns: [], protectedAttributes: c.protectedAttributes ?? ['gender'], traits: [], weighted: false, accounting: { rowsRead: 0, rowsUsed: 0, candidatesRead: 0, candidatesUsed: 0, excluded: [] } },
    policy,
    thresholdSources: {},
    disparity: { stages: [], rows: (c.rows ?? []) as AuditResult['disparity']['rows'], scoring: [], cut_scores: c.cutScores ?? [], funnel: [], cmh: [] },
    findings: c.findings ?? [],
  } as Omit<AuditResult, 'summary'>;
  return { result, declarations: c.declarations ?? {}, auditDate: c.auditDate ?? '2028-01-15', set: RULE_SETS[setId] };
}

const f = metricFinding;
const declared = (key: keyof Declarations, yes: unknown, no: unknown): [Case, Case, Case] => [
  { declarations: { [key]: yes } as Declarations, expect: 'pass' },
  { declarations: { [key]: no } as Declarations, expect: 'fail' },
  { expect: 'not_assessed' },
];

/** A works-council consent right: consent before first use passes, none fails, undeclared is not assessed. */
const consented = (right: keyof NonNullable<Declarations['worksCouncilConsent']>): [Case, Case, Case] => [
  { declarations: { worksCouncil: true, worksCouncilConsent: { [right]: '2027-05-01' }, toolFirstUseDate: '2027-06-01' }, expect: 'pass' },
  { declarations: { worksCouncil: true, worksCouncilConsent: { [right]: false }, toolFirstUseDate: '2027-06-01' }, expect: 'fail' },
  { declarations: { worksCouncil: true }, expect: 'not_assessed' },
];

/** rule id -> [passing case, failing case, missing-evidence case] */
const CASES: Record<SetId, Record<string, [Case, Case, Case]>> = {
  nvp: {
    'NVP-1.1': [
      { findings: [f('disparity.selection_rate', 'pass')], expect: 'pass' },
      { findings: [f('disparity.selection_rate', 'fail')], expect: 'warn' },
      { findings: [f('disparity.selection_rate', 'insufficient_evidence')], expect: 'insufficient_evidence' },
    ],
    'NVP-2.3': declared('vacancyNamesInstruments', true, false),
    'NVP-3.2': declared('alternativeRoute', true, false),
    'NVP-3.4': [
      { findings: [f('validity.criterion', 'pass')], expect: 'pass' },
      { findings: [], expect: 'fail' },
      { findings: [f('validity.criterion', 'insufficient_evidence')], declarations: { validationStudy: 'Vendor study 2025' }, expect: 'warn' },
    ],
    'NVP-4': declared('resultsToCandidateFirst', true, false),
    'NVP-4.1': declared('thirdPartyDataWithoutConsent', false, true),
    'NVP-5.3': [
      { declarations: { retentionDays: 28 }, expect: 'pass' },
      { declarations: { retentionDays: 60 }, expect: 'fail' },
      { expect: 'not_assessed' },
    ],
    'NVP-6': declared('complaintRoute', true, false),
    'AWGB-2': [
      { findings: [f('disparity.selection_rate', 'pass')], expect: 'pass' },
      { findings: [f('disparity.selection_rate', 'fail')], expect: 'warn' },
      { findings: [f('disparity.selection_rate', 'insufficient_evidence')], expect: 'insufficient_evidence' },
    ],
  },
  avg: {
    'AVG-22': [
      { findings: [f('automation.unreviewed_rejections', 'pass')], expect: 'pass' },
      { findings: [f('automation.unreviewed_rejections', 'fail')], expect: 'fail' },
      { expect: 'not_assessed' },
    ],
    'AVG-22-MHI': [
      { findings: [f('automation.rubber_stamp', 'pass')], expect: 'pass' },
      { findings: [f('automation.rubber_stamp', 'warn')], expect: 'warn' },
      { expect: 'not_assessed' },
    ],
    'AVG-22(3)': declared('contestChannel', true, false),
    'AVG-22(4)/9': [
      { declarations: { specialCategoryInputs: false }, expect: 'pass' },
      { declarations: { specialCategoryInputs: true }, expect: 'fail' },
      { expect: 'not_assessed' },
    ],
    'AVG-13-15': [
      { declarations: { candidatesInformedOfAdm: true, explanationCoverage: 1 }, expect: 'pass' },
      { declarations: { candidatesInformedOfAdm: true, explanationCoverage: 0.6 }, expect: 'fail' },
      { declarations: { candidatesInformedOfAdm: true }, expect: 'not_assessed' },
    ],
    'AVG-35': [
      { declarations: { dpiaDate: '2025-06-01' }, expect: 'pass' },
      { declarations: { dpiaDate: '2029-06-01' }, expect: 'fail' },
      { expect: 'not_assessed' },
    ],
    'UAVG-40': [
      { declarations: { art22Basis: 'none' }, expect: 'pass' },
      { declarations: { art22Basis: 'law', deployerType: 'private' }, expect: 'fail' },
      { expect: 'not_assessed' },
    ],
  },
  'ai-act': {
    'AIA-A3': [
      { expect: 'pass' },
      { declarations: { profilesPersons: false }, expect: 'warn' },
      { declarations: { profilesPersons: true }, expect: 'pass' },
    ],
    'AIA-5f': declared('emotionRecognition', false, true),
    'AIA-9': declared('testPlanPreDeclared', true, false),
    'AIA-10': [
      { findings: [f('similarity.mirror', 'pass')], expect: 'pass' },
      { findings: [f('similarity.coupling', 'fail')], expect: 'fail' },
      { expect: 'not_assessed' },
    ],
    'AIA-12': [
      { declarations: { logRetentionMonths: 6 }, expect: 'pass' },
      { declarations: { logRetentionMonths: 3 }, expect: 'fail' },
      { expect: 'not_assessed' },
    ],
    'AIA-13': declared('perGroupMetricsDeclared', true, false),
    'AIA-14': [
      { findings: [f('automation.rubber_stamp', 'pass')], expect: 'pass' },
      { declarations: { oversightStaffTrained: false }, expect: 'fail' },
      { expect: 'not_assessed' },
    ],
    'AIA-15': [
      { findings: [f('reliability.test_retest', 'pass'), f('stability.drift', 'pass')], expect: 'pass' },
      { findings: [f('stability.perturbation', 'fail')], expect: 'fail' },
      { findings: [f('reliability.test_retest', 'insufficient_evidence')], expect: 'insufficient_evidence' },
    ],
    'AIA-26': [
      { declarations: { candidatesInformedOfAdm: true, workersRepresentativesInformed: true, oversightStaffTrained: true }, expect: 'pass' },
      { declarations: { candidatesInformedOfAdm: true, workersRepresentativesInformed: false, oversightStaffTrained: true }, expect: 'fail' },
      { declarations: { candidatesInformedOfAdm: true }, expect: 'not_assessed' },
    ],
    'AIA-27': [
      { declarations: { deployerType: 'private' }, expect: 'pass' },
      { declarations: { deployerType: 'public', friaDone: false }, expect: 'fail' },
      { declarations: { deployerType: 'public' }, expect: 'not_assessed' },
    ],
    'AIA-86': [
      { declarations: { explanationCoverage: 1 }, expect: 'pass' },
      { declarations: { explanationCoverage: 0.5 }, expect: 'warn' },
      { expect: 'not_assessed' },
    ],
  },
  ugesp: {
    'UGESP-4D': [
      { findings: [f('disparity.selection_rate', 'pass')], expect: 'pass' },
      { findings: [f('disparity.selection_rate', 'fail')], expect: 'fail' },
      { findings: [f('disparity.selection_rate', 'insufficient_evidence')], expect: 'insufficient_evidence' },
    ],
    'UGESP-4C': [
      { findings: [f('disparity.bottom_line', 'pass', null)], expect: 'pass' },
      { findings: [f('disparity.bottom_line', 'warn', null)], expect: 'warn' },
      { findings: [f('disparity.bottom_line', 'insufficient_evidence', null)], expect: 'insufficient_evidence' },
    ],
    'UGESP-3B': [
      { findings: [f('disparity.selection_rate', 'fail')], cutScores: curve([[1, 1, 1], [0.5, 0.7, 0.75]]), expect: 'pass' },
      { findings: [f('disparity.selection_rate', 'fail')], cutScores: curve([[1, 1, 1], [0.5, 0.85, 0.7]]), expect: 'warn' },
      { findings: [f('disparity.selection_rate', 'fail')], expect: 'not_assessed' },
    ],
    'UGESP-14B': [
      { findings: [f('disparity.selection_rate', 'fail'), f('validity.criterion', 'pass')], expect: 'pass' },
      { findings: [f('disparity.selection_rate', 'fail')], expect: 'fail' },
      { findings: [f('disparity.selection_rate', 'fail'), f('validity.criterion', 'insufficient_evidence')], expect: 'fail' },
    ],
  },
  ll144: {
    'LL144-IR': [
      { rows: [{ attributes: ['gender'] }, { attributes: ['gender', 'ethnicity'] }], protectedAttributes: ['gender', 'ethnicity'], expect: 'pass' },
      { rows: [{ attributes: ['gender'] }], protectedAttributes: ['gender', 'ethnicity'], expect: 'warn' },
      { rows: [], expect: 'not_assessed' },
    ],
    'LL144-2%': [
      { rows: [{ attributes: ['gender'], share: 0.01, is_reference: false }], expect: 'pass' },
      { rows: [], expect: 'pass' },
      { rows: [{ attributes: ['gender'], share: 0.5, is_reference: false }], expect: 'pass' },
    ],
    'LL144-UNK': [{ expect: 'pass' }, { expect: 'pass' }, { expect: 'pass' }],
    'LL144-PUB': [
      { declarations: { toolDistributionDate: '2025-01-01' }, expect: 'pass' },
      { expect: 'not_assessed' },
      { declarations: {}, expect: 'not_assessed' },
    ],
  },
  wor: {
    'WOR-2': [
      { declarations: { worksCouncil: true, headcount: 120 }, expect: 'pass' },
      { declarations: { worksCouncil: false, headcount: 120 }, expect: 'fail' },
      { expect: 'not_assessed' },
    ],
    'WOR-27(1)(e)': consented('hiringPolicy'),
    'WOR-27(1)(k)': consented('personalData'),
    'WOR-27(1)(l)': consented('monitoring'),
  },
};

describe.each(Object.keys(RULE_SETS) as SetId[])('rule set %s', (setId) => {
  const set = RULE_SETS[setId];
  it('has a test case triple for every rule, and every rule has a source and threshold', () => {
    expect(Object.keys(CASES[setId]).sort()).toEqual(set.rules.map((r) => r.id).sort());
    for (const r of set.rules) {
      expect(r.source.length).toBeGreaterThan(5);
      expect(r.threshold.length).toBeGreaterThan(3);
    }
  });
  for (const rule of set.rules) {
    it.each((CASES[setId][rule.id] ?? []).map((c, i) => [['passes', 'fails', 'lacks evidence'][i], c] as const))(`${rule.id} %s`, (_, c) => {
      expect(rule.evaluate(context(setId, c)).status).toBe(c.expect);
    });
  }
});

describe('dates are data', () => {
  const rule = RULE_SETS['ai-act'].rules.find((r) => r.id === 'AIA-13')!;
  it('an Annex III duty that fails before 2 Dec 2027 is a warning, from that day a fail', () => {
    const c: Case = { declarations: { perGroupMetricsDeclared: false }, expect: 'fail' };
    expect(rule.evaluate({ ...context('ai-act', c), auditDate: '2027-12-01' }).status).toBe('warn');
    expect(rule.evaluate({ ...context('ai-act', c), auditDate: '2027-12-02' }).status).toBe('fail');
  });
  it('the emotion-recognition ban applies at audit dates since 2 Feb 2025', () => {
    const ban = RULE_SETS['ai-act'].rules.find((r) => r.id === 'AIA-5f')!;
    const c: Case = { declarations: { emotionRecognition: true }, expect: 'fail' };
    expect(ban.evaluate({ ...context('ai-act', c), auditDate: '2026-11-22' }).status).toBe('fail');
    expect(ban.evaluate({ ...context('ai-act', c), auditDate: '2025-01-31' }).status).toBe('warn');
  });
});
