import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { UNKNOWN_GROUP } from '../audit/contract/dataset.js';
import { type Words, wordsFor } from './i18n/index.js';

/**
 * The "Reliability" and "Stability" sections of the Markdown summary: test–retest, determinism and
 * internal consistency per stage, test–retest per group; drift per stage (the periods that drifted, groups that crossed),
 * the fragile disparity verdicts under the bootstrap, and the flip rates per variant and group.
 * Reads only the AuditResult.
 */
/** Every cell is escaped whole: it may quote group values, stage, tool and reviewer names. */
const cell = escapeMarkdown;
/** The rank-sample bound the result records (results before schema 1.4.0 did not record it). */
const sampleLimitText = (rows: readonly { rank_sample_limit?: number | undefined }[], w: Words) => {
  const limits = [...new Set(rows.flatMap((r) => (r.rank_sample_limit === undefined ? [] : [r.rank_sample_limit])))];
  return limits.length === 0 ? w.t('stab.boundUnknown') : limits.map((l) => (w.lang === 'en' ? l.toLocaleString('en') : w.count(l))).join(` ${w.t('label.or')} `);
};

const table = (header: string[], rows: string[][]) => [
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
];
/** A number with its 95% interval, as a table cell. */
const ciCell = (w: Words) => (x: number | null, c: readonly [number, number] | null) => (x === null ? '–' : `${w.fix(x)} (${w.ci(c, (v) => w.fix(v))})`);


export function reliabilityMarkdown(result: AuditResult, w: Words = wordsFor(result)): string[] {
  const r = result.reliability;
  const { t } = w;
  const withCi = ciCell(w);
  const out = [`## ${t('rel.heading')}`, ''];
  if (!r) {
    out.push(t('rel.none'), '');
    return out;
  }
  out.push(`_${w.lang === 'en' ? `Bands: ${r.bands.note}.` : t('rel.bands', { sufficient: w.fix(r.bands.sufficient, 1), good: w.fix(r.bands.good, 1) })}_`, '');
  if (r.test_retest.length > 0) {
    out.push(
      ...table(
        [t('col.stage'), t('rel.col.pairs'), t('rel.col.icc2'), t('rel.col.icc3'), t('rel.col.pearson'), t('rel.col.meanChange'), t('rel.col.determinism'), t('col.band'), t('col.verdict')],
        r.test_retest.map((x) => [
          w.stageText(x.tool, x.stage),
          w.count(x.n_pairs),
          withCi(x.icc_agreement, x.icc_agreement_ci),
          withCi(x.icc_consistency, x.icc_consistency_ci),
          withCi(x.pearson_r, x.pearson_r_ci),
          w.fix(x.mean_change),
          x.determinism ? `${t('rel.identical', { same: w.count(x.determinism.identical_rescores), pairs: w.count(x.determinism.identical_input_pairs) })} (${w.status(x.determinism.verdict)})` : '–',
          x.rating === null ? '–' : t(`band.${x.rating}`),
          w.status(x.verdict),
        ]),
      ),
      '',
    );
  }
  const groups = (r.test_retest_groups ?? []).filter((g) => g.group !== UNKNOWN_GROUP);
  if (groups.length > 0) {
    out.push(t('rel.byGroup'), '');
    out.push(
      ...table(
        [t('col.stage'), t('col.group'), t('rel.col.pairs'), t('rel.col.pearson'), t('rel.col.icc2short'), 'Holm p', t('col.verdict')],
        groups.map((g) => [
          w.stageText(g.tool, g.stage),
          `${g.attribute}=${g.group}${g.is_reference ? ` ${t('label.reference')}` : ''}`,
          w.count(g.n_pairs),
          withCi(g.pearson_r, g.pearson_r_ci),
          withCi(g.icc_agreement, g.icc_agreement_ci),
          g.holm_p === null ? '–' : w.pv(g.holm_p),
          g.verdict === null ? '–' : w.status(g.verdict),
        ]),
      ),
      '',
    );
  }
  if (r.internal_consistency.length > 0) {
    out.push(
      ...table(
        [t('col.stage'), 'n', t('rel.col.items'), t('rel.col.alpha'), t('col.band'), t('col.verdict')],
        r.internal_consistency.map((c) => [w.stageText(c.tool, c.stage), w.count(c.n), c.items.join(', '), withCi(c.alpha, c.alpha_ci), c.rating === null ? '–' : t(`band.${c.rating}`), w.status(c.verdict)]),
      ),
      '',
    );
  }
  return out;
}

export function stabilityMarkdown(result: AuditResult, w: Words = wordsFor(result)): string[] {
  const s = result.stability;
  const { t } = w;
  const withCi = ciCell(w);
  const out = [`## ${t('stab.heading')}`, ''];
  if (!s) {
    out.push(t('stab.none'), '');
    return out;
  }
  if (s.drift) {
    out.push(`### ${s.drift.unit === 'windows' ? t('stab.driftWindows', { n: w.count(s.drift.windows ?? 0) }) : t(`stab.drift.${s.drift.unit}`)}`, '');
    out.push(
      ...table(
        [t('col.stage'), t('stab.col.periods'), t('stab.col.baseline'), t('stab.col.psi'), t('stab.col.driftFrom'), t('stab.col.crossed'), t('col.verdict')],
        s.drift.stages.map((d) => {
          const judged = d.periods.filter((p) => p.psi_p !== null);
          const max = judged.reduce<(typeof judged)[number] | null>((m, p) => (m === null || p.psi! > m.psi! ? p : m), null);
          const crossed = d.groups.filter((g) => g.crossed_in !== null).map((g) => t('stab.crossedIn', { group: `${g.attribute}=${g.group}`, period: g.crossed_in! }));
          return [
            w.stageText(d.tool, d.stage),
            w.count(d.periods.length),
            d.baseline_period ?? '–',
            max ? `${w.fix(max.psi)} (${max.period})` : '–',
            d.periods.find((p) => p.psi_drift === true)?.period ?? '–',
            crossed.join('; ') || '–',
            w.status(d.verdict),
          ];
        }),
      ),
      '',
    );
  }
  if (s.verdict_stability) {
    const vs = s.verdict_stability;
    const fragile = vs.rows.filter((r) => r.fragile);
    out.push(`### ${t('stab.verdictStability', { n: w.count(vs.replicates), seed: vs.seed })}`, '');
    const share = w.pct(result.policy.thresholds.verdictStability, 0);
    if (fragile.length === 0) out.push(t('stab.allStable', { n: w.count(vs.rows.length), share }), '');
    else {
      out.push(t('stab.fragile', { fragile: w.count(fragile.length), n: w.count(vs.rows.length), share }), '');
      out.push(
        ...table(
          [t('col.stage'), t('col.group'), t('stab.col.vs'), t('stab.col.kind'), t('stab.col.resampled'), t('col.verdict'), t('stab.col.held'), t('stab.col.fourFifthsHeld')],
          fragile.map((r) => [
            w.stageText(r.tool, r.stage),
            w.groupText(r.groups),
            w.groupText(r.reference),
            r.kind === 'scoring' ? t('stab.kind.scoring') : t('stab.kind.selection'),
            withCi(r.impact_ratio, r.impact_ratio_interval),
            w.status(r.verdict),
            w.pct(r.verdict_held),
            w.pct(r.four_fifths_held),
          ]),
        ),
        '',
      );
    }
  }
  if (s.perturbation) {
    out.push(`### ${t('stab.perturbation')}`, '');
    out.push(
      ...table(
        [t('col.stage'), t('stab.col.variant'), t('rel.col.pairs'), t('stab.col.meanChange'), t('stab.col.flips'), t('stab.col.flipRate'), t('stab.col.worstGroup'), t('stab.col.tau'), t('col.verdict')],
        s.perturbation.map((p) => {
          const worst = [...p.groups].filter((g) => g.flip_rate !== null && !g.is_reference).sort((a, b) => b.flip_rate! - a.flip_rate!)[0];
          const lowest = [...p.groups].filter((g) => g.kendall_tau != null && g.group !== UNKNOWN_GROUP).sort((a, b) => a.kendall_tau! - b.kendall_tau!)[0];
          return [
            w.stageText(p.tool, p.stage),
            p.variant,
            w.count(p.n_pairs),
            p.mean_abs_change === null ? '–' : `${w.fix(p.mean_abs_change)} (${w.fix(p.mean_abs_change_sd, 3)})`,
            `${w.count(p.flips)} / ${w.count(p.decided)}`,
            p.flip_rate === null ? '–' : `${w.pct(p.flip_rate)} (${w.ci(p.flip_rate_ci, (v) => w.pct(v))})`,
            worst ? `${worst.attribute}=${worst.group} ${w.pct(worst.flip_rate)} (${w.pv(worst.holm_p)})` : '–',
            p.kendall_tau == null ? '–' : `${w.fix(p.kendall_tau, 3)} (${w.ci(p.kendall_tau_ci ?? null, (v) => w.fix(v, 3))})${lowest ? `; ${lowest.attribute}=${lowest.group} ${w.fix(lowest.kendall_tau ?? null, 3)}` : ''}`,
            w.status(p.verdict),
          ];
        }),
      ),
      '',
      t('stab.tauNote', { limit: sampleLimitText(s.perturbation, w) }),
      '',
    );
  }
  return out;
}
