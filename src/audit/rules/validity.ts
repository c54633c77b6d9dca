import type { Finding } from '../contract/audit-result.js';
import type { Judge } from './judge.js';
import type { DatasetProfile } from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';
import type { DifferentialPrediction, GroupValidity, StageValidity, ValiditySection } from '../contract/sections/validity.js';
import type { MeasuredGroup, MeasuredPrediction, MeasuredStage, MeasuredValidity } from '../metrics/validity/measured.js';
import { correlationSampleSize } from '../stats/validity-index.js';
import { byAttribute, groupComparisonFindings } from './group-comparisons.js';
import { finding } from './messages.js';
import {
  band,
  correctionText,
  criterionVerdict,
  differentialValidityVerdict,
  exclusionText,
  predictionVerdict,
  rankStatisticsNote,
  validityConventions,
} from './validity-verdicts.js';

/**
 * Validity findings (requirements Q6; COTAN-V, UGESP-14B, STD-DP): one per stage for criterion
 * validity; per stage and attribute, every differential comparison that does not pass (or one
 * summarising pass); and `validity.no_evidence` when there is no criterion to judge at all —
 * insufficient evidence, never a pass.
 */
const RULES = {
  criterion: (p: Policy): Finding['rule'] => ({
    id: 'COTAN-V',
    source: 'COTAN rating system, criterion validity (bands unverified [U]); UGESP 29 CFR 1607.14(B)(5): validity significant at the .05 level; requirements Q6',
    threshold: `pass if observed r >= ${p.thresholds.validitySufficient} and p < ${p.alpha}; warn if one holds; fail if neither; insufficient evidence under ${p.thresholds.minCriterionN} criterion rows`,
    kind: 'professional',
  }),
  differentialValidity: (p: Policy): Finding['rule'] => ({
    id: 'STD-DP',
    source: 'AERA/APA/NCME Standards (2014) ch. 3; SIOP Principles (2018): differential validity by Fisher z (requirements Q6)',
    threshold: `warn if Holm-adjusted Fisher-z p < ${p.alpha}; insufficient evidence under ${p.thresholds.minCriterionN} rows per group or when q = atanh(${p.thresholds.validitySufficient}) is not detectable with power ${p.thresholds.power}`,
    kind: 'convention',
  }),
  differentialPrediction: (p: Policy): Finding['rule'] => ({
    id: 'STD-DP',
    source: 'Cleary (1968) J Educ Meas 5:115-124; AERA/APA/NCME Standards (2014) ch. 3; SIOP Principles (2018); UGESP 1607.14(B)(8) (requirements Q6)',
    threshold: `fail if the slope or (equal slopes) intercept difference has Holm-adjusted p < ${p.alpha}, so that the common line under-predicts a group; insufficient evidence when a standardized difference of ${p.thresholds.validitySufficient} is not detectable with power ${p.thresholds.power}`,
    kind: 'professional',
  }),
};

const ci = (c: [number, number] | null, i: 0 | 1) => c?.[i] ?? null;

function criterionFinding(s: StageValidity, policy: Policy): Finding {
  return finding(
    'validity.criterion',
    s.verdict,
    { tool: s.tool, stage: s.stage, groups: null, reference: null },
    {
      n: s.n,
      applicants: s.applicants,
      r: s.r,
      r_lower: ci(s.r_ci, 0),
      r_upper: ci(s.r_ci, 1),
      p: s.p,
      rating: s.rating,
      r_corrected_range: s.r_corrected_range,
      r_corrected_range_and_criterion: s.r_corrected_range_and_criterion,
      rating_corrected: s.rating_corrected,
      u: s.u,
      spearman_rho: s.spearman_rho,
      spearman_exact: s.spearman_exact ? 'yes' : 'no',
      auc: s.auc,
      auc_lower: ci(s.auc_ci, 0),
      auc_upper: ci(s.auc_ci, 1),
      n_needed: s.n_needed,
      target_r: policy.thresholds.validitySufficient,
      power: policy.thresholds.power,
      min_criterion_n: policy.thresholds.minCriterionN,
      verdict_rule: s.verdict_rule,
    },
    RULES.criterion(policy),
  );
}


function differentialValidityFindings(rows: readonly GroupValidity[], policy: Policy): Finding[] {
  return groupComparisonFindings(rows, 'validity.differential_validity', RULES.differentialValidity(policy), {
    pass: (ref, compared, smallest) => ({
      attribute: ref.attribute,
      groups_compared: compared.length,
      reference_r: ref.r,
      reference_n: ref.n,
      min_holm_p: smallest.holm_p,
      min_group: smallest.group,
    }),
    flagged: (r, ref) => ({
      n: r.n,
      r: r.r,
      r_lower: ci(r.r_ci, 0),
      r_upper: ci(r.r_ci, 1),
      reference_n: ref.n,
      reference_r: ref.r,
      z: r.z,
      p: r.p,
      holm_p: r.holm_p,
      minimum_detectable_q: r.minimum_detectable_q,
      n_needed: r.n_needed,
      verdict_rule: r.verdict_rule,
    }),
  });
}

function differentialPredictionFindings(rows: readonly DifferentialPrediction[], policy: Policy): Finding[] {
  return byAttribute(rows).flatMap((group) => {
    const first = group[0]!;
    const subject = (r: DifferentialPrediction | null): Finding['subject'] => ({
      tool: first.tool,
      stage: first.stage,
      groups: r ? { [r.attribute]: r.group } : null,
      reference: { [first.attribute]: first.reference },
    });
    const flagged = group.filter((r) => r.verdict !== 'pass');
    if (flagged.length === 0) {
      return [
        finding(
          'validity.differential_prediction',
          'pass',
          subject(null),
          {
            attribute: first.attribute,
            groups_compared: group.length,
            max_abs_intercept_difference_std: Math.max(...group.map((r) => Math.abs(r.intercept_difference_std ?? 0))),
            max_abs_slope_difference_std: Math.max(...group.map((r) => Math.abs(r.slope_difference_std ?? 0))),
          },
          RULES.differentialPrediction(policy),
        ),
      ];
    }
    return flagged.map((r) =>
      finding(
        'validity.differential_prediction',
        r.verdict,
        subject(r),
        {
          n: r.n,
          reference_n: r.reference_n,
          reading: r.reading,
          underpredicted: r.underpredicted,
          intercept_difference: r.intercept_difference,
          intercept_difference_se: r.intercept_difference_se,
          intercept_difference_p: r.intercept_difference_p,
          intercept_difference_holm_p: r.intercept_difference_holm_p,
          intercept_difference_std: r.intercept_difference_std,
          slope_difference: r.slope_difference,
          slope_difference_se: r.slope_difference_se,
          slope_difference_p: r.slope_difference_p,
          slope_difference_holm_p: r.slope_difference_holm_p,
          slope_difference_std: r.slope_difference_std,
          common_slope: r.common_slope,
          mean_residual: r.mean_residual,
          reference_mean_residual: r.reference_mean_residual,
          minimum_detectable_slope_difference_std: r.minimum_detectable_slope_difference_std,
          minimum_detectable_intercept_difference_std: r.minimum_detectable_intercept_difference_std,
          power_slope: r.power_slope,
          power_intercept: r.power_intercept,
          n_needed: r.n_needed,
          min_criterion_n: policy.thresholds.minCriterionN,
          verdict_rule: r.verdict_rule,
        },
        RULES.differentialPrediction(policy),
      ),
    );
  });
}

/** Why there is nothing to judge, or null when the section has criterion rows. */
function missingEvidence(section: ValiditySection | undefined, dataset: DatasetProfile): string | null {
  if (!dataset.hasScore) return 'no_score';
  if (!dataset.columns.includes('criterion')) return 'no_criterion';
  if (!section || section.stages.every((s) => s.n === 0)) return 'criterion_empty';
  return null;
}

function validityFindings(section: ValiditySection | undefined, dataset: DatasetProfile, policy: Policy): Finding[] {
  const reason = missingEvidence(section, dataset);
  if (reason !== null) {
    const { validitySufficient, power } = policy.thresholds;
    return [
      finding(
        'validity.no_evidence',
        'insufficient_evidence',
        { tool: null, stage: null, groups: null, reference: null },
        { reason, n_needed: correlationSampleSize(validitySufficient, policy.alpha, power), target_r: validitySufficient, power, alpha: policy.alpha },
        { ...RULES.criterion(policy), threshold: 'no criterion study in the data => insufficient evidence, never a pass' },
      ),
    ];
  }
  return [
    ...section!.stages.map((s) => criterionFinding(s, policy)),
    ...differentialValidityFindings(section!.groups, policy),
    ...differentialPredictionFindings(section!.prediction, policy),
  ];
}

function judgeStage(s: MeasuredStage, policy: Policy): StageValidity {
  const judged = criterionVerdict(s.n, s.r, s.p, s.n_needed, policy);
  return {
    ...s,
    correction_note: s.correction_note === null ? null : correctionText(s.correction_note),
    rating: band(s.r, policy),
    rating_corrected: band(s.r_corrected_range, policy),
    verdict: judged.status,
    verdict_rule: judged.rule,
  };
}

/** Each compared group against its reference row; the reference and groups not compared get no verdict. */
function judgeGroups(rows: readonly MeasuredGroup[], policy: Policy): GroupValidity[] {
  return rows.map((row) => {
    const excluded = row.excluded === null ? null : exclusionText(row.excluded);
    if (row.is_reference || excluded !== null) return { ...row, excluded, verdict: null, verdict_rule: row.is_reference ? 'reference group' : excluded! };
    const ref = rows.find((r) => r.is_reference && r.tool === row.tool && r.stage === row.stage && r.attribute === row.attribute);
    const judged = differentialValidityVerdict(
      {
        n: row.n,
        referenceN: ref?.n ?? 0,
        r: row.r,
        referenceR: ref?.r ?? null,
        holmP: row.holm_p,
        minimumDetectableQ: row.minimum_detectable_q,
        nNeeded: row.n_needed ?? 0,
      },
      policy,
    );
    return { ...row, excluded, verdict: judged.status, verdict_rule: judged.rule };
  });
}

function judgePrediction(measured: MeasuredPrediction, policy: Policy): DifferentialPrediction {
  const judged = predictionVerdict(measured, policy);
  const { fit: _fit, ...row } = measured;
  return { ...row, reading: judged.reading, underpredicted: judged.underpredicted, verdict: judged.status, verdict_rule: judged.rule };
}

/** The validity section: the measurements with their bands, verdicts, rule texts and notes. */
function judgeValiditySection(m: MeasuredValidity, policy: Policy): ValiditySection {
  return {
    binary_criterion: m.binary_criterion,
    conventions: validityConventions(policy),
    rank_statistics: rankStatisticsNote(m.rankSampling),
    stages: m.stages.map((s) => judgeStage(s, policy)),
    groups: judgeGroups(m.groups, policy),
    prediction: m.prediction.map((p) => judgePrediction(p, policy)),
  };
}

/** The validity family's rules (registry): also called without measurements, to say that evidence is missing. */
export const judgeValidity: Judge<MeasuredValidity, ValiditySection> = (measured, ctx) => {
  const section = measured === null ? null : judgeValiditySection(measured, ctx.policy);
  return { section, findings: validityFindings(section ?? undefined, ctx.dataset, ctx.policy) };
};
