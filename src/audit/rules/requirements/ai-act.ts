import { beforeDate, fromDeclaration, fromFindings, type Outcome, type RuleContext, type RuleSet } from './rule.js';

/** A declaration-based Annex III duty: applies from the Annex III date; before it a fail is a warn. */
const annexDuty = (ctx: RuleContext, o: Outcome) => beforeDate(ctx, 'annexIII', o);

/**
 * EU AI Act, Regulation (EU) 2024/1689 as amended by the Digital Omnibus on AI, Reg. (EU)
 * 2026/1744 (in force 27 Jul 2026): recruitment tools are high-risk (Annex III 4(a)); the Annex III
 * obligations apply from 2 Dec 2027; the ban on emotion recognition at work applies since 2 Feb 2025.
 * Dates from secondary sources, not the OJ text itself [U] (requirements.md §3).
 */
export const aiAct: RuleSet = {
  id: 'ai-act',
  name: 'EU AI Act',
  edition: 'Reg. (EU) 2024/1689 as amended by Reg. (EU) 2026/1744',
  dates: { prohibitions: '2025-02-02', omnibusInForce: '2026-07-27', annexIII: '2027-12-02' },
  note: 'High-risk (Annex III 4(a)) duties apply from 2027-12-02; before then their failures are reported as warnings.',
  rules: [
    {
      id: 'AIA-A3',
      title: 'Classification: a recruitment tool is a high-risk AI system',
      source: 'AI Act art. 6(2), Annex III 4(a); art. 6(3) never exempts systems that profile persons',
      threshold: 'classification, no pass mark',
      kind: 'law',
      evaluate: (ctx) => ({
        status: ctx.declarations.profilesPersons === false ? 'warn' : 'pass',
        reason: ctx.declarations.profilesPersons === false ? 'claims_no_profiling' : 'high_risk',
        evidence: { obligations_from: ctx.set.dates['annexIII']!, audit_date: ctx.auditDate },
      }),
    },
    {
      id: 'AIA-5f',
      title: 'No emotion recognition in recruitment',
      source: 'AI Act art. 5(1)(f); Commission guidelines on prohibited practices (2025)',
      threshold: 'any emotion inference from biometric data => fail (critical)',
      kind: 'law',
      evaluate: (ctx) => beforeDate(ctx, 'prohibitions', fromDeclaration(ctx.declarations.emotionRecognition, 'emotionRecognition', 'fail', 'pass')),
    },
    {
      id: 'AIA-9',
      title: 'Tested against metrics and thresholds defined before testing',
      source: 'AI Act art. 9(6)–(8)',
      threshold: 'undeclared test plan => fail (from the Annex III date)',
      kind: 'law',
      evaluate: (ctx) => annexDuty(ctx, fromDeclaration(ctx.declarations.testPlanPreDeclared, 'testPlanPreDeclared', 'pass', 'fail')),
    },
    {
      id: 'AIA-10',
      title: 'Data examined for biases; representative of the setting',
      source: 'AI Act art. 10(2)(f)(g), 10(3), 10(4)',
      threshold: 'representation and mirror signals of requirements Q8 (convention)',
      kind: 'convention',
      evaluate: (ctx) => {
        const o = fromFindings(ctx, 'bias_examination', 'similarity.mirror', 'similarity.homogeneity', 'similarity.coupling');
        return o ? annexDuty(ctx, o) : { status: 'not_assessed', reason: 'needs_benchmark' };
      },
    },
    {
      id: 'AIA-12',
      title: 'Automatic event logs kept at least six months',
      source: 'AI Act art. 12, 19, 26(6)',
      threshold: 'logs kept < 6 months => fail (from the Annex III date)',
      kind: 'law',
      evaluate: (ctx) => {
        const months = ctx.declarations.logRetentionMonths;
        if (months === undefined) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: 'logRetentionMonths' } };
        const evidence = { log_retention_months: months, verified: 'no (declared, not verified)' };
        return annexDuty(ctx, months >= 6 ? { status: 'pass', reason: 'declared_yes', evidence } : { status: 'fail', reason: 'logs_too_short', evidence });
      },
    },
    {
      id: 'AIA-13',
      title: 'Instructions state accuracy for specific groups',
      source: 'AI Act art. 13(3)(b)(ii)(v)',
      threshold: 'no per-group metrics declared => fail (from the Annex III date)',
      kind: 'law',
      evaluate: (ctx) => annexDuty(ctx, fromDeclaration(ctx.declarations.perGroupMetricsDeclared, 'perGroupMetricsDeclared', 'pass', 'fail')),
    },
    {
      id: 'AIA-14',
      title: 'Human oversight that counters automation bias',
      source: 'AI Act art. 14(4)(b)(d)',
      threshold: 'rubber-stamp signals of requirements Q9; untrained oversight staff => fail',
      kind: 'law',
      evaluate: (ctx) => {
        const o = fromFindings(ctx, 'oversight_measured', 'automation.rubber_stamp');
        if (ctx.declarations.oversightStaffTrained === false) return annexDuty(ctx, fromDeclaration(false, 'oversightStaffTrained', 'pass', 'fail'));
        return o ? annexDuty(ctx, o) : annexDuty(ctx, fromDeclaration(ctx.declarations.oversightStaffTrained, 'oversightStaffTrained', 'pass', 'fail'));
      },
    },
    {
      id: 'AIA-15',
      title: 'Consistent accuracy and robustness; no biased feedback loops',
      source: 'AI Act art. 15(1)(3)(4)',
      threshold: 'reliability, drift and perturbation signals of requirements Q7 (convention)',
      kind: 'convention',
      evaluate: (ctx) => {
        const o = fromFindings(ctx, 'robustness_measured', 'reliability', 'stability');
        return o ? annexDuty(ctx, o) : { status: 'not_assessed', reason: 'needs_retest_or_periods' };
      },
    },
    {
      id: 'AIA-26',
      title: 'Deployer duties: inform candidates and workers\' representatives, competent oversight',
      source: 'AI Act art. 26(2)(7)(11)',
      threshold: 'each missing => fail from the Annex III date, warn before',
      kind: 'law',
      evaluate: (ctx) => {
        const d = ctx.declarations;
        const parts = { candidatesInformedOfAdm: d.candidatesInformedOfAdm, workersRepresentativesInformed: d.workersRepresentativesInformed, oversightStaffTrained: d.oversightStaffTrained };
        const evidence = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v === undefined ? 'not declared' : String(v)]));
        if (Object.values(parts).some((v) => v === false)) return annexDuty(ctx, { status: 'fail', reason: 'deployer_duty_missing', evidence });
        if (Object.values(parts).some((v) => v === undefined)) return { status: 'not_assessed', reason: 'partly_declared', evidence };
        return { status: 'pass', reason: 'declared_yes', evidence };
      },
    },
    {
      id: 'AIA-27',
      title: 'Fundamental-rights impact assessment by public deployers',
      source: 'AI Act art. 27',
      threshold: 'public body or public-service provider without FRIA => fail (from the Annex III date)',
      kind: 'law',
      evaluate: (ctx) => {
        const type = ctx.declarations.deployerType;
        if (type === undefined) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: 'deployerType' } };
        if (type === 'private') return { status: 'pass', reason: 'fria_not_required', evidence: { deployer: type } };
        return annexDuty(ctx, fromDeclaration(ctx.declarations.friaDone, 'friaDone', 'pass', 'fail'));
      },
    },
    {
      id: 'AIA-86',
      title: 'Affected persons can get an explanation of the AI system\'s role',
      source: 'AI Act art. 86 (date of effect for Annex III tools ambiguous [U])',
      threshold: 'explanation coverage < 100% => warn',
      kind: 'law',
      evaluate: (ctx) => {
        const c = ctx.declarations.explanationCoverage;
        if (c === undefined) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: 'explanationCoverage' } };
        return { status: c < 1 ? 'warn' : 'pass', reason: c < 1 ? 'explanation_incomplete' : 'declared_yes', evidence: { explanation_coverage: c } };
      },
    },
  ],
};
