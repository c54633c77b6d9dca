import type { Finding } from '../contract/audit-result.js';
import type { Policy } from '../contract/policy.js';
import type { ErrorRatesSection } from '../contract/sections/error-rates.js';
import { type ErrorRateExclusion, JUDGED_RATES, type MeasuredErrorRates } from '../metrics/error-rates/finalize.js';
import { minExpectedCount } from '../stats/expected-count.js';
import { comparisonVerdict, type RatioWording } from './four-fifths.js';
import type { Judge } from './judge.js';
import { finding as messageFinding } from './messages.js';

/*
 * Error-rate parity (issue 16 item 7). A true-positive rate is a selection rate among the
 * qualified (criterion 1), a false-positive rate one among the unqualified (criterion 0): each is
 * judged as a selection rate is (requirements Q3), against the threshold errorRateRatio (the
 * four-fifths band applied to error rates, a convention) and the Holm-adjusted Fisher p. fnr is
 * 1 - tpr and precision depends on the base rates (predictive parity and equalized odds cannot
 * both hold when base rates differ: Chouldechova 2017, Kleinberg et al. 2016), so both are
 * reported and not judged.
 */
type Row = ErrorRatesSection['rows'][number];
type Coverage = ErrorRatesSection['coverage'][number];

const RATE_NAME: Record<Row['rate'], string> = {
  tpr: 'true-positive rate',
  fnr: 'false-negative rate',
  fpr: 'false-positive rate',
  precision: 'precision',
};

const CONVENTIONS =
  'Rates among candidates whose criterion is 0 or 1 only (criterion 1 = qualified). tpr = selected among the qualified, fnr = 1 - tpr, fpr = selected among the unqualified, precision = qualified among the selected; each with a Wilson 95% interval. tpr, fnr and fpr are defined only at stages where rejected candidates carry a criterion (otherwise every qualified candidate with a criterion was selected and tpr would be 1 by construction); precision needs selected ones. Each group is compared with the named reference group, else the group with the highest rate among groups of at least minGroupSize (fnr with the tpr reference). tpr and fpr are judged like selection rates: fail when the ratio is under thresholds.errorRateRatio (0.8 by default, the four-fifths band applied to error rates: a convention, no law sets one) and the Fisher p, Holm-adjusted over this section, is under alpha; warn when one holds; insufficient evidence under minGroupSize. fnr and precision are reported, not judged.';

const rule = (policy: Policy): Finding['rule'] => ({
  id: 'ERROR-RATE-PARITY',
  source: 'Equal opportunity and equalized odds (Hardt, Price & Srebro 2016); the four-fifths band of UGESP 29 CFR 1607.4(D) applied to error rates (issue 16, a convention)',
  threshold: `fail if the tpr or fpr ratio < ${policy.thresholds.errorRateRatio} and Holm-adjusted Fisher p < ${policy.alpha}; warn if one holds; insufficient evidence under n = ${policy.minGroupSize}`,
  kind: 'convention',
});

function exclusionText(e: ErrorRateExclusion, policy: Policy): string {
  switch (e) {
    case 'unknown_category':
      return 'unknown category: counted, not compared (LL144 §5-301)';
    case 'small_group':
      return `under ${policy.thresholds.smallGroupShare * 100}% of the candidates the rate is defined over: excluded (LL144 §5-301(d))`;
    case 'no_candidates':
      return 'no candidates the rate is defined over';
  }
}

const wording = (rate: Row['rate'], policy: Policy): RatioWording => ({
  ratio: `${rate} ratio`,
  source: 'convention: the four-fifths band applied to error rates',
  threshold: policy.thresholds.errorRateRatio,
  missing: `no ${rate} ratio: the reference group's ${RATE_NAME[rate]} is 0`,
});

const sameComparison = (a: Row, b: Row) =>
  a.tool === b.tool && a.stage === b.stage && a.rate === b.rate && a.attributes.join('\u0000') === b.attributes.join('\u0000');

function judgeRow(row: Row, ref: Row | undefined, policy: Policy): Row {
  const excluded = row.excluded === null ? null : exclusionText(row.excluded as ErrorRateExclusion, policy);
  const out = { ...row, excluded };
  if (excluded !== null) return { ...out, verdict: 'not_assessed', verdict_rule: excluded };
  if (!JUDGED_RATES.includes(row.rate)) {
    const why = row.rate === 'fnr' ? '1 - tpr: judged as tpr' : 'depends on the base rates: reported, not judged';
    return { ...out, verdict: 'not_assessed', verdict_rule: `${RATE_NAME[row.rate]} ${why}` };
  }
  if (row.reference === null || ref === undefined) {
    return { ...out, verdict: 'insufficient_evidence', verdict_rule: policy.reference.rule === 'named' ? 'the named reference group has no candidates here' : 'no group to compare with' };
  }
  if (row.is_reference) {
    const small = row.n < policy.minGroupSize;
    return {
      ...out,
      verdict: small ? 'insufficient_evidence' : 'pass',
      verdict_rule: small ? `reference group with n = ${row.n} under the minimum group size ${policy.minGroupSize}` : `reference group (highest ${RATE_NAME[row.rate]} among groups of at least the minimum size)`,
    };
  }
  const v = comparisonVerdict(
    { impactRatio: row.ratio, holmP: row.holm_p, n: row.n, referenceN: ref.n, minExpected: minExpectedCount(row.x, row.n - row.x, ref.x, ref.n - ref.x) },
    policy,
    wording(row.rate, policy),
  );
  return { ...out, verdict: v.status, verdict_rule: v.rule };
}

/** The section with verdicts, exclusion texts and its conventions filled in. */
function judgeErrorRatesSection(measured: MeasuredErrorRates, policy: Policy): ErrorRatesSection {
  const refs = measured.rows.filter((r) => r.is_reference);
  return { ...measured, conventions: CONVENTIONS, rows: measured.rows.map((r) => judgeRow(r, refs.find((x) => sameComparison(x, r)), policy)) };
}

const finding = (code: string, status: Finding['status'], subject: Finding['subject'], evidence: Finding['evidence'], policy: Policy): Finding =>
  messageFinding(code, status, subject, evidence, rule(policy));

/** Stages where only selected candidates carry a criterion: tpr, fnr and fpr are undefined there (said, not skipped). */
function coverageFindings(coverage: readonly Coverage[], policy: Policy): Finding[] {
  return coverage
    .filter((c) => !c.defined.includes('tpr') || !c.defined.includes('fpr'))
    .map((c) =>
      finding(
        'error_rates.undefined',
        'insufficient_evidence',
        { tool: c.tool, stage: c.stage, groups: null, reference: null },
        {
          candidates: c.n,
          with_criterion: c.with_criterion,
          selected_with_criterion: c.selected_with_criterion,
          rejected_with_criterion: c.rejected_with_criterion,
          qualified: c.qualified,
          unqualified: c.unqualified,
          defined: c.defined.join(', ') || 'none',
        },
        policy,
      ),
    );
}

/** Per stage, grouping and judged rate: each comparison that does not pass, or one summarising pass. */
function parityFindings(rows: readonly Row[], policy: Policy): Finding[] {
  const byComparison = new Map<string, Row[]>();
  for (const r of rows.filter((x) => JUDGED_RATES.includes(x.rate))) {
    const key = [r.tool ?? '', r.stage, r.rate, ...r.attributes].join('\u0000');
    byComparison.set(key, [...(byComparison.get(key) ?? []), r]);
  }
  return [...byComparison.values()].flatMap((group) => {
    const ref = group.find((r) => r.is_reference);
    const focal = group.filter((r) => !r.is_reference && r.reference !== null && r.verdict !== 'not_assessed');
    if (!ref || focal.length === 0) return [];
    const code = `error_rates.${ref.rate}`;
    const flagged = focal.filter((r) => r.verdict !== 'pass');
    if (flagged.length === 0) {
      const low = [...focal].sort((a, b) => (a.ratio ?? Infinity) - (b.ratio ?? Infinity))[0]!;
      const evidence = { attributes: low.attributes.join(' × '), groups_compared: focal.length, min_ratio: low.ratio, min_group: Object.values(low.groups).join(' × '), threshold: policy.thresholds.errorRateRatio };
      return [finding(code, 'pass', { tool: ref.tool, stage: ref.stage, groups: null, reference: ref.groups }, evidence, policy)];
    }
    return flagged.map((r) =>
      finding(
        code,
        r.verdict,
        { tool: r.tool, stage: r.stage, groups: r.groups, reference: ref.groups },
        { n: r.n, x: r.x, rate: r.value, reference_rate: ref.value, reference_n: ref.n, ratio: r.ratio, difference: r.difference, fisher_p: r.fisher_p, holm_p: r.holm_p, threshold: policy.thresholds.errorRateRatio, verdict_rule: r.verdict_rule },
        policy,
      ),
    );
  });
}

/** The error_rates family's rules (registry): no section, no finding, when the data have no 0/1 criterion. */
export const judgeErrorRates: Judge<MeasuredErrorRates, ErrorRatesSection> = (measured, ctx) => {
  if (measured === null) return { section: null, findings: [] };
  const section = judgeErrorRatesSection(measured, ctx.policy);
  return { section, findings: [...coverageFindings(section.coverage, ctx.policy), ...parityFindings(section.rows, ctx.policy)] };
};
