import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { UNKNOWN_GROUP } from '../audit/contract/dataset.js';
import { fix, groupText, interval as ci, pct, pValue as pv, STATUS_LABEL, stageText } from './format.js';

/**
 * The "Reliability" and "Stability" sections of the Markdown summary: test–retest, determinism and
 * internal consistency per stage, test–retest per group; drift per stage (the periods that drifted, groups that crossed),
 * the fragile disparity verdicts under the bootstrap, and the flip rates per variant and group.
 * Reads only the AuditResult.
 */
/** Every cell is escaped whole: it may quote group values, stage, tool and reviewer names. */
const cell = escapeMarkdown;
/** The rank-sample bound the result records (results before schema 1.4.0 did not record it). */
const sampleLimitText = (rows: readonly { rank_sample_limit?: number | undefined }[]) => {
  const limits = [...new Set(rows.flatMap((r) => (r.rank_sample_limit === undefined ? [] : [r.rank_sample_limit])))];
  return limits.length === 0 ? 'a fixed bound (not recorded in this result)' : limits.map((l) => l.toLocaleString('en')).join(' or ');
};

const table = (header: string[], rows: string[][]) => [
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
];
const withCi = (x: number | null, c: [number, number] | null) => (x === null ? '–' : `${fix(x)} (${ci(c, (v) => fix(v))})`);

export function reliabilityMarkdown(result: AuditResult): string[] {
  const r = result.reliability;
  const out = ['## Reliability', ''];
  if (!r) {
    out.push('No retest rows (attempt 2 of a candidate) and no item columns: reliability is **insufficient evidence**, never a pass.', '');
    return out;
  }
  out.push(`_Bands: ${r.bands.note}._`, '');
  if (r.test_retest.length > 0) {
    out.push(
      ...table(
        ['stage', 'pairs', 'ICC(2,1) agreement (95% CI)', 'ICC(3,1) consistency (95% CI)', 'Pearson r (95% CI)', 'mean change', 'determinism', 'band', 'verdict'],
        r.test_retest.map((t) => [
          stageText(t.tool, t.stage),
          String(t.n_pairs),
          withCi(t.icc_agreement, t.icc_agreement_ci),
          withCi(t.icc_consistency, t.icc_consistency_ci),
          withCi(t.pearson_r, t.pearson_r_ci),
          fix(t.mean_change),
          t.determinism ? `${t.determinism.identical_rescores} / ${t.determinism.identical_input_pairs} identical (${STATUS_LABEL[t.determinism.verdict]})` : '–',
          t.rating ?? '–',
          STATUS_LABEL[t.verdict],
        ]),
      ),
      '',
    );
  }
  const groups = (r.test_retest_groups ?? []).filter((g) => g.group !== UNKNOWN_GROUP);
  if (groups.length > 0) {
    out.push('Test–retest by group (each group against the reference; Holm-adjusted Fisher-z test of r):', '');
    out.push(
      ...table(
        ['stage', 'group', 'pairs', 'Pearson r (95% CI)', 'ICC(2,1) (95% CI)', 'Holm p', 'verdict'],
        groups.map((g) => [
          stageText(g.tool, g.stage),
          `${g.attribute}=${g.group}${g.is_reference ? ' (reference)' : ''}`,
          String(g.n_pairs),
          withCi(g.pearson_r, g.pearson_r_ci),
          withCi(g.icc_agreement, g.icc_agreement_ci),
          g.holm_p === null ? '–' : pv(g.holm_p),
          g.verdict === null ? '–' : STATUS_LABEL[g.verdict],
        ]),
      ),
      '',
    );
  }
  if (r.internal_consistency.length > 0) {
    out.push(
      ...table(
        ['stage', 'n', 'items', "Cronbach's alpha (95% CI)", 'band', 'verdict'],
        r.internal_consistency.map((c) => [stageText(c.tool, c.stage), String(c.n), c.items.join(', '), withCi(c.alpha, c.alpha_ci), c.rating ?? '–', STATUS_LABEL[c.verdict]]),
      ),
      '',
    );
  }
  return out;
}

export function stabilityMarkdown(result: AuditResult): string[] {
  const s = result.stability;
  const out = ['## Stability', ''];
  if (!s) {
    out.push('No decided_at, no variant rows and no disparity comparison: stability is **insufficient evidence**, never a pass.', '');
    return out;
  }
  if (s.drift) {
    out.push(`### Drift by ${s.drift.unit === 'windows' ? `${s.drift.windows} equal-count windows` : s.drift.unit}`, '');
    out.push(
      ...table(
        ['stage', 'periods', 'baseline', 'largest PSI (period)', 'score drift from', 'impact ratio crossed', 'verdict'],
        s.drift.stages.map((d) => {
          const judged = d.periods.filter((p) => p.psi_p !== null);
          const max = judged.reduce<(typeof judged)[number] | null>((m, p) => (m === null || p.psi! > m.psi! ? p : m), null);
          const crossed = d.groups.filter((g) => g.crossed_in !== null).map((g) => `${g.attribute}=${g.group} in ${g.crossed_in}`);
          return [
            stageText(d.tool, d.stage),
            String(d.periods.length),
            d.baseline_period ?? '–',
            max ? `${fix(max.psi)} (${max.period})` : '–',
            d.periods.find((p) => p.psi_drift === true)?.period ?? '–',
            crossed.join('; ') || '–',
            STATUS_LABEL[d.verdict],
          ];
        }),
      ),
      '',
    );
  }
  if (s.verdict_stability) {
    const vs = s.verdict_stability;
    const fragile = vs.rows.filter((r) => r.fragile);
    out.push(`### Verdict stability (${vs.replicates} bootstrap resamples of the counts, seed ${vs.seed})`, '');
    if (fragile.length === 0) out.push(`All ${vs.rows.length} disparity verdicts held in at least ${pct(result.policy.thresholds.verdictStability, 0)} of the resamples.`, '');
    else {
      out.push(`${fragile.length} of ${vs.rows.length} disparity verdicts are fragile (held in fewer than ${pct(result.policy.thresholds.verdictStability, 0)} of the resamples):`, '');
      out.push(
        ...table(
          ['stage', 'group', 'vs', 'kind', 'impact ratio (resampled 95%)', 'verdict', 'verdict held', 'four-fifths held'],
          fragile.map((r) => [
            stageText(r.tool, r.stage),
            groupText(r.groups),
            groupText(r.reference),
            r.kind === 'scoring' ? 'scoring' : 'selection',
            withCi(r.impact_ratio, r.impact_ratio_interval),
            STATUS_LABEL[r.verdict],
            pct(r.verdict_held),
            pct(r.four_fifths_held),
          ]),
        ),
        '',
      );
    }
  }
  if (s.perturbation) {
    out.push('### Irrelevant changes (perturbation)', '');
    out.push(
      ...table(
        ['stage', 'variant', 'pairs', 'mean abs. score change (in SD)', 'flips', 'flip rate (95% CI)', 'highest group flip rate (Holm p)', "rank agreement: Kendall's τ (95% CI); lowest group", 'verdict'],
        s.perturbation.map((p) => {
          const worst = [...p.groups].filter((g) => g.flip_rate !== null && !g.is_reference).sort((a, b) => b.flip_rate! - a.flip_rate!)[0];
          const lowest = [...p.groups].filter((g) => g.kendall_tau != null && g.group !== UNKNOWN_GROUP).sort((a, b) => a.kendall_tau! - b.kendall_tau!)[0];
          return [
            stageText(p.tool, p.stage),
            p.variant,
            String(p.n_pairs),
            p.mean_abs_change === null ? '–' : `${fix(p.mean_abs_change)} (${fix(p.mean_abs_change_sd, 3)})`,
            `${p.flips} / ${p.decided}`,
            p.flip_rate === null ? '–' : `${pct(p.flip_rate)} (${ci(p.flip_rate_ci, (v) => pct(v))})`,
            worst ? `${worst.attribute}=${worst.group} ${pct(worst.flip_rate)} (${pv(worst.holm_p)})` : '–',
            p.kendall_tau == null ? '–' : `${fix(p.kendall_tau, 3)} (${ci(p.kendall_tau_ci ?? null, (v) => fix(v, 3))})${lowest ? `; ${lowest.attribute}=${lowest.group} ${fix(lowest.kendall_tau ?? null, 3)}` : ''}`,
            STATUS_LABEL[p.verdict],
          ];
        }),
      ),
      '',
      `Kendall's τ compares the order of the candidates by their original and by their variant score (1: the change leaves the ranking as it was), on all scored pairs up to ${sampleLimitText(s.perturbation)} per row, else a seeded sample of that size.`,
      '',
    );
  }
  return out;
}
