import { fromDeclaration, fromFindings, type Outcome, type RuleContext, type RuleSet } from './rule.js';

/** Solely automated rejections are lawful only with an art. 22(2) basis AND the 22(3) safeguards. */
function art22(ctx: RuleContext): Outcome {
  const measured = fromFindings(ctx, 'automation_measured', 'automation.unreviewed_rejections');
  const basis = ctx.declarations.art22Basis;
  const safeguarded = basis !== undefined && basis !== 'none' && ctx.declarations.contestChannel === true;
  if (measured === null) {
    if (ctx.declarations.humanFinalDecision === undefined) return { status: 'not_assessed', reason: 'needs_review_columns' };
    return fromDeclaration(ctx.declarations.humanFinalDecision, 'humanFinalDecision', 'pass', 'fail');
  }
  if (measured.status === 'fail' && safeguarded) {
    return { status: 'warn', reason: 'automated_with_basis', evidence: { ...measured.evidence, art22_basis: basis ?? 'none' } };
  }
  return measured;
}

/**
 * GDPR / AVG as it binds now: art. 22 (no rejection based solely on automated processing), the
 * information duties of art. 13–15 and the DPIA of art. 35, plus the Dutch UAVG art. 40 limit.
 */
export const avg: RuleSet = {
  id: 'avg',
  name: 'GDPR / AVG',
  edition: 'Regulation (EU) 2016/679; UAVG; CJEU C-634/21 SCHUFA (2023), C-203/22 Dun & Bradstreet (2025)',
  dates: { applies: '2018-05-25' },
  note: 'Binding law now.',
  rules: [
    {
      id: 'AVG-22',
      title: 'No rejection based solely on automated processing',
      source: 'GDPR art. 22(1), recital 71 (e-recruiting without human intervention)',
      threshold: 'unreviewed rejections > 0 => fail, unless an art. 22(2) basis with 22(3) safeguards is declared',
      kind: 'law',
      evaluate: art22,
    },
    {
      id: 'AVG-22-MHI',
      title: 'Human review must be meaningful, not a token sign-off',
      source: 'WP29 WP251rev.01; CJEU C-634/21 SCHUFA; AP guidance on meaningful human intervention (2025)',
      threshold: 'rubber-stamp signals of requirements Q9 (convention); the legal test is qualitative',
      kind: 'guidance',
      evaluate: (ctx) => fromFindings(ctx, 'review_quality', 'automation.rubber_stamp') ?? { status: 'not_assessed', reason: 'needs_review_columns' },
    },
    {
      id: 'AVG-22(3)',
      title: 'Right to human intervention, to express a view and to contest',
      source: 'GDPR art. 22(3)',
      threshold: 'no contest channel => fail',
      kind: 'law',
      evaluate: (ctx) => fromDeclaration(ctx.declarations.contestChannel, 'contestChannel', 'pass', 'fail'),
    },
    {
      id: 'AVG-22(4)/9',
      title: 'No decisions based on special-category data; no proxies for it',
      source: 'GDPR art. 22(4), art. 9',
      threshold: 'special-category input declared => fail; traits predict a protected attribute with AUC >= 0.70 => warn (convention)',
      kind: 'law',
      evaluate: (ctx) => {
        if (ctx.declarations.specialCategoryInputs === true) return fromDeclaration(true, 'specialCategoryInputs', 'fail', 'pass');
        const proxy = fromFindings(ctx, 'proxy_probe', 'similarity.proxy');
        if (proxy) return proxy.status === 'fail' ? { ...proxy, status: 'warn' } : proxy;
        return fromDeclaration(ctx.declarations.specialCategoryInputs, 'specialCategoryInputs', 'fail', 'pass');
      },
    },
    {
      id: 'AVG-13-15',
      title: 'Candidates told about automated decision-making and given meaningful information on its logic',
      source: 'GDPR art. 13(2)(f), 14(2)(g), 15(1)(h); CJEU C-203/22 Dun & Bradstreet',
      threshold: 'no notice, or explanation coverage of rejected candidates < 100% => fail',
      kind: 'law',
      evaluate: (ctx) => {
        const informed = ctx.declarations.candidatesInformedOfAdm;
        const coverage = ctx.declarations.explanationCoverage;
        if (informed === undefined && coverage === undefined) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: 'candidatesInformedOfAdm, explanationCoverage' } };
        const evidence = { informed: String(informed ?? 'not declared'), explanation_coverage: coverage ?? null, verified: 'no (declared, not verified)' };
        if (informed === false || (coverage !== undefined && coverage < 1)) return { status: 'fail', reason: 'information_incomplete', evidence };
        if (informed === undefined || coverage === undefined) return { status: 'not_assessed', reason: 'partly_declared', evidence };
        return { status: 'pass', reason: 'declared_yes', evidence };
      },
    },
    {
      id: 'AVG-35',
      title: 'DPIA before systematic evaluation with significant effects',
      source: 'GDPR art. 35(3)(a); WP248rev.01; AP DPIA list (2019)',
      threshold: 'no DPIA, or a DPIA dated after the audit date => fail',
      kind: 'law',
      evaluate: (ctx) => {
        const date = ctx.declarations.dpiaDate;
        if (date === undefined) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: 'dpiaDate' } };
        const evidence = { dpia_date: date, audit_date: ctx.auditDate, verified: 'no (declared, not verified)' };
        return date <= ctx.auditDate ? { status: 'pass', reason: 'dpia_done', evidence } : { status: 'fail', reason: 'dpia_after_audit', evidence };
      },
    },
    {
      id: 'UAVG-40',
      title: 'The Dutch exception for automated decisions does not cover private-employer profiling',
      source: 'Uitvoeringswet AVG art. 40',
      threshold: 'a legal-duty basis claimed by a private employer for a profiling tool => fail',
      kind: 'law',
      evaluate: (ctx) => {
        const { art22Basis, deployerType } = ctx.declarations;
        if (art22Basis === undefined) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: 'art22Basis' } };
        const misused = art22Basis === 'law' && deployerType !== 'public';
        return { status: misused ? 'fail' : 'pass', reason: misused ? 'uavg40_misused' : 'uavg40_not_relied_on', evidence: { art22_basis: art22Basis, deployer: deployerType ?? 'not declared' } };
      },
    },
  ],
};
