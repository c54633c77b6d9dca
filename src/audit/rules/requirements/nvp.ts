import { fromDeclaration, fromFindings, type RuleSet } from './rule.js';

/**
 * NVP Sollicitatiecode, January 2020 edition (published 3 Mar 2020). Self-regulation, used by
 * Dutch courts as the yardstick of good employership (art. 7:611 BW). Clause numbers follow the
 * 2020 text; the 2 Sep 2025 revision's numbering is unverified (requirements.md §3).
 */
export const nvp2020: RuleSet = {
  id: 'nvp',
  name: 'NVP Sollicitatiecode',
  edition: '2020 (published 2020-03-03); 2025 revision published 2025-09-02, numbering not yet mapped [U]',
  dates: { published: '2020-03-03', revision2025: '2025-09-02' },
  note: 'Self-regulation; the yardstick of good employership in Dutch case law.',
  rules: [
    {
      id: 'NVP-1.1',
      title: 'Equal chances at equal suitability; only job-relevant information used',
      source: 'NVP Sollicitatiecode 2020 §1.1',
      threshold: 'disparity per UGESP/AWGB screening rows; traits that predict a protected attribute (proxy AUC >= 0.70) => warn',
      kind: 'guidance',
      evaluate: (ctx) => {
        const proxy = fromFindings(ctx, 'proxy_or_disparity', 'similarity.proxy');
        const disparity = fromFindings(ctx, 'proxy_or_disparity', 'disparity.selection_rate');
        const statuses = [proxy, disparity].filter((o) => o !== null).map((o) => o!.status);
        if (statuses.length === 0) return { status: 'not_assessed', reason: 'no_metrics' };
        // Unequal outcomes are a reason to examine, not a breach of the code by themselves.
        const flagged = statuses.some((s) => s === 'fail' || s === 'warn');
        return { status: flagged ? 'warn' : statuses.includes('insufficient_evidence') ? 'insufficient_evidence' : 'pass', reason: flagged ? 'unequal_chances_signal' : 'no_signal', evidence: { ...disparity?.evidence } };
      },
    },
    {
      id: 'NVP-2.3',
      title: 'The vacancy names the selection instruments and extra procedures',
      source: 'NVP Sollicitatiecode 2020 §2.3',
      threshold: 'not named => fail',
      kind: 'guidance',
      evaluate: (ctx) => fromDeclaration(ctx.declarations.vacancyNamesInstruments, 'vacancyNamesInstruments', 'pass', 'fail'),
    },
    {
      id: 'NVP-3.2',
      title: 'Candidates may ask for a procedure without the internet/video tool',
      source: 'NVP Sollicitatiecode 2020 §3.2',
      threshold: 'no alternative route => fail',
      kind: 'guidance',
      evaluate: (ctx) => fromDeclaration(ctx.declarations.alternativeRoute, 'alternativeRoute', 'pass', 'fail'),
    },
    {
      id: 'NVP-3.4',
      title: 'Algorithms only if validated and transparent, with their risks and shortcomings made clear',
      source: 'NVP Sollicitatiecode 2020 §3.4 (wording from press summaries of the 2020 code)',
      threshold: 'no validity evidence (neither a criterion study in the data nor a declared validation study) => fail',
      kind: 'guidance',
      evaluate: (ctx) => {
        const measured = fromFindings(ctx, 'validity_measured', 'validity.criterion');
        const declared = ctx.declarations.validationStudy;
        if (measured && measured.status !== 'insufficient_evidence' && measured.status !== 'not_assessed') return measured;
        if (declared) return { status: 'warn', reason: 'validity_declared_only', evidence: { validation_study: declared, verified: 'no (declared, not verified)' } };
        return { status: 'fail', reason: 'no_validity_evidence', evidence: { ...measured?.evidence } };
      },
    },
    {
      id: 'NVP-4',
      title: 'Assessment results go to the candidate first; release only with consent',
      source: 'NVP Sollicitatiecode 2020 ch. 4 (clause numbers [U])',
      threshold: 'released before the candidate saw them or without consent => fail',
      kind: 'guidance',
      evaluate: (ctx) => fromDeclaration(ctx.declarations.resultsToCandidateFirst, 'resultsToCandidateFirst', 'pass', 'fail'),
    },
    {
      id: 'NVP-4.1',
      title: 'Third-party and internet information only with prior consent',
      source: 'NVP Sollicitatiecode 2020 §4.1',
      threshold: 'any input from third parties without consent => fail',
      kind: 'guidance',
      evaluate: (ctx) => fromDeclaration(ctx.declarations.thirdPartyDataWithoutConsent, 'thirdPartyDataWithoutConsent', 'fail', 'pass'),
    },
    {
      id: 'NVP-5.3',
      title: 'Applicant data removed within 4 weeks after rejection unless consent',
      source: 'NVP Sollicitatiecode 2020 §5.3 with AP guidance',
      threshold: '> 28 days without consent => fail; > 365 days with consent => warn',
      kind: 'guidance',
      evaluate: (ctx) => {
        const days = ctx.declarations.retentionDays;
        if (days === undefined) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: 'retentionDays' } };
        const consent = ctx.declarations.retentionConsent === true;
        const evidence = { retention_days: days, consent: String(consent), verified: 'no (declared, not verified)' };
        if (!consent && days > 28) return { status: 'fail', reason: 'retention_too_long', evidence };
        if (consent && days > 365) return { status: 'warn', reason: 'retention_reconsent', evidence };
        return { status: 'pass', reason: 'retention_ok', evidence };
      },
    },
    {
      id: 'NVP-6',
      title: 'A complaints procedure exists',
      source: 'NVP Sollicitatiecode 2020 §6.1–6.5',
      threshold: 'no complaint route => fail',
      kind: 'guidance',
      evaluate: (ctx) => fromDeclaration(ctx.declarations.complaintRoute, 'complaintRoute', 'pass', 'fail'),
    },
    {
      id: 'AWGB-2',
      title: 'No indirect distinction without objective justification',
      source: 'AWGB art. 2, WGBL, WGB h/cz; directives 2000/43, 2000/78, 2006/54',
      threshold: 'no numeric legal line; review triggered when IR < 0.8 and p < .05 (convention)',
      kind: 'convention',
      evaluate: (ctx) => {
        const o = fromFindings(ctx, 'indirect_distinction_signal', 'disparity.selection_rate', 'disparity.pooled_across_stages');
        if (o === null) return { status: 'not_assessed', reason: 'no_metrics' };
        // The law sets no threshold: a screening fail asks for justification, so it is a warn here.
        return { ...o, status: o.status === 'fail' ? 'warn' : o.status };
      },
    },
  ],
};
