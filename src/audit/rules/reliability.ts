import type { Finding } from '../contract/audit-result.js';
import type { Judge } from './judge.js';
import type { Policy } from '../contract/policy.js';
import type { InternalConsistencyRow, ReliabilitySection, TestRetestGroup, TestRetestRow } from '../contract/sections/reliability.js';
import type { MeasuredConsistency, MeasuredDeterminism, MeasuredReliability, MeasuredRetestGroup, MeasuredTestRetest } from '../metrics/reliability/measured.js';
import { finding } from './messages.js';
import { groupComparisonFindings } from './group-comparisons.js';
import {
  coefficientVerdict,
  determinismVerdict,
  differentialReliabilityVerdict,
  exclusionText,
  reliabilityBand,
  reliabilityBands,
  reliabilityYardstick,
} from './reliability-verdicts.js';

/**
 * Reliability findings (requirements Q7, COTAN-R): one per stage for test–retest, determinism and
 * internal consistency, each with the numbers behind it; per stage and attribute, differential
 * test–retest reliability (every group that does not pass, or one summarising pass); one `reliability.no_evidence` when the
 * data holds neither retest pairs nor item columns (insufficient evidence, never a pass).
 */
const RULES = {
  cotan: (p: Policy, what: string): Finding['rule'] => ({
    id: 'COTAN-R',
    source: `COTAN rating system (NIP), criterion "Betrouwbaarheid"; requirements Q7 ${what}`,
    threshold: `fail if < ${p.thresholds.reliabilitySufficient} (insufficient); sufficient from ${p.thresholds.reliabilitySufficient}, good from ${p.thresholds.reliabilityGood} (bands unverified [U], a convention); insufficient evidence under ${p.minGroupSize} candidates`,
    kind: 'professional',
  }),
  differential: (p: Policy): Finding['rule'] => ({
    id: 'COTAN-R',
    source: 'requirements Q7 test–retest, by group (our extension, as Q7 asks of perturbation); Fisher z for independent correlations, Holm-adjusted',
    threshold: `warn if a group's retest r differs from the reference group's with Holm-adjusted p < ${p.alpha}; insufficient evidence under ${p.minGroupSize} pairs per group or when a Fisher-z difference of ${reliabilityYardstick(p).toFixed(3)} (atanh ${p.thresholds.reliabilityGood} − atanh ${p.thresholds.reliabilitySufficient}) is not detectable with power ${p.thresholds.power}`,
    kind: 'convention',
  }),
  determinism: (): Finding['rule'] => ({
    id: 'AIA-15',
    source: 'AI Act art. 15(1) consistent performance; requirements Q7 determinism (identical re-scores of identical input)',
    threshold: 'warn if any retest pair with identical traits is scored differently (share < 1)',
    kind: 'convention',
  }),
};

const at = (tool: string | null, stage: string | null): Finding['subject'] => ({ tool, stage, groups: null, reference: null });

function reliabilityFindings(section: ReliabilitySection | null, policy: Policy): Finding[] {
  if (section === null) {
    return [
      finding('reliability.no_evidence', 'insufficient_evidence', at(null, null), { needs: 'retest rows (attempt 1 and 2 of the same candidate) or item columns (policy reliability.items)' }, {
        ...RULES.cotan(policy, 'test-retest and internal consistency'),
        threshold: 'reliability needs retest pairs or item columns; without them it is not shown',
      }),
    ];
  }
  const out: Finding[] = [];
  for (const r of section.test_retest) {
    out.push(
      finding(
        'reliability.test_retest',
        r.verdict,
        at(r.tool, r.stage),
        {
          n_pairs: r.n_pairs,
          icc_agreement: r.icc_agreement,
          icc_agreement_lower: r.icc_agreement_ci?.[0] ?? null,
          icc_agreement_upper: r.icc_agreement_ci?.[1] ?? null,
          icc_consistency: r.icc_consistency,
          pearson_r: r.pearson_r,
          mean_change: r.mean_change,
          rating: r.rating,
          min_pairs: policy.minGroupSize,
          verdict_rule: r.verdict_rule,
        },
        RULES.cotan(policy, 'test-retest ICC(2,1), absolute agreement'),
      ),
    );
    if (r.determinism) {
      const d = r.determinism;
      out.push(
        finding(
          'reliability.determinism',
          d.verdict,
          at(r.tool, r.stage),
          { identical_input_pairs: d.identical_input_pairs, identical_rescores: d.identical_rescores, share: d.share, verdict_rule: d.verdict_rule },
          RULES.determinism(),
        ),
      );
    }
  }
  out.push(...differentialFindings(section.test_retest_groups ?? [], policy));
  for (const r of section.internal_consistency) {
    out.push(
      finding(
        'reliability.internal_consistency',
        r.verdict,
        at(r.tool, r.stage),
        { n: r.n, items: r.items.length, alpha: r.alpha, alpha_lower: r.alpha_ci?.[0] ?? null, alpha_upper: r.alpha_ci?.[1] ?? null, rating: r.rating, min_n: policy.minGroupSize, verdict_rule: r.verdict_rule },
        RULES.cotan(policy, "internal consistency (Cronbach's alpha)"),
      ),
    );
  }
  return out;
}

/**
 * Per stage and attribute: every group whose retest reliability differs from the reference
 * group's, or could not be judged; one summarising pass when every compared group passes.
 */
function differentialFindings(rows: readonly TestRetestGroup[], policy: Policy): Finding[] {
  return groupComparisonFindings(rows, 'reliability.differential', RULES.differential(policy), {
    pass: (ref, compared, smallest) => ({
      attribute: ref.attribute,
      groups_compared: compared.length,
      reference_r: ref.pearson_r,
      reference_n_pairs: ref.n_pairs,
      min_holm_p: smallest.holm_p,
      min_group: smallest.group,
    }),
    flagged: (r, ref) => ({
      n_pairs: r.n_pairs,
      pearson_r: r.pearson_r,
      pearson_r_lower: r.pearson_r_ci?.[0] ?? null,
      pearson_r_upper: r.pearson_r_ci?.[1] ?? null,
      icc_agreement: r.icc_agreement,
      reference_n_pairs: ref.n_pairs,
      reference_r: ref.pearson_r,
      reference_icc_agreement: ref.icc_agreement,
      z: r.z,
      holm_p: r.holm_p,
      min_pairs: policy.minGroupSize,
      minimum_detectable_q: r.minimum_detectable_q,
      verdict_rule: r.verdict_rule,
    }),
  });
}

function judgeDeterminism(d: MeasuredDeterminism): NonNullable<TestRetestRow['determinism']> {
  const judged = determinismVerdict(d.share);
  return { ...d, verdict: judged.verdict, verdict_rule: judged.rule };
}

function judgeTestRetest(row: MeasuredTestRetest, policy: Policy): TestRetestRow {
  const judged = coefficientVerdict('test-retest ICC(2,1)', row.icc_agreement, row.n_pairs, policy);
  return {
    ...row,
    rating: row.icc_agreement === null ? null : reliabilityBand(row.icc_agreement, policy),
    determinism: row.determinism === null ? null : judgeDeterminism(row.determinism),
    verdict: judged.verdict,
    verdict_rule: judged.rule,
  };
}

/** Each compared group against its reference row; the reference and groups not compared get no verdict. */
function judgeRetestGroups(rows: readonly MeasuredRetestGroup[], policy: Policy): TestRetestGroup[] {
  return rows.map((row) => {
    const excluded = row.excluded === null ? null : exclusionText(row.excluded);
    if (row.is_reference || excluded !== null) return { ...row, excluded, verdict: null, verdict_rule: row.is_reference ? 'reference group' : excluded! };
    const ref = rows.find((r) => r.is_reference && r.tool === row.tool && r.stage === row.stage && r.attribute === row.attribute)!;
    const judged = differentialReliabilityVerdict(row, ref, policy);
    return { ...row, excluded, verdict: judged.verdict, verdict_rule: judged.rule };
  });
}

function judgeConsistency(row: MeasuredConsistency, policy: Policy): InternalConsistencyRow {
  const judged = coefficientVerdict("Cronbach's alpha", row.alpha, row.n, policy);
  return { ...row, rating: row.alpha === null ? null : reliabilityBand(row.alpha, policy), verdict: judged.verdict, verdict_rule: judged.rule };
}

/** The reliability section: the measurements with the bands applied, ratings, verdicts and rule texts. */
function judgeReliabilitySection(m: MeasuredReliability, policy: Policy): ReliabilitySection {
  return {
    bands: reliabilityBands(policy),
    test_retest: m.test_retest.map((r) => judgeTestRetest(r, policy)),
    ...(m.test_retest_groups ? { test_retest_groups: judgeRetestGroups(m.test_retest_groups, policy) } : {}),
    internal_consistency: m.internal_consistency.map((r) => judgeConsistency(r, policy)),
  };
}

/** The reliability family's rules (registry): also called without measurements, to say that evidence is missing. */
export const judgeReliability: Judge<MeasuredReliability, ReliabilitySection> = (measured, ctx) => {
  const section = measured === null ? null : judgeReliabilitySection(measured, ctx.policy);
  return { section, findings: reliabilityFindings(section, ctx.policy) };
};
