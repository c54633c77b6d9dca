import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { type ReportKey, type Words, wordsFor } from './i18n/index.js';

/**
 * The "Validity" section of the Markdown summary: criterion validity per stage (observed r, the
 * range-corrected r flagged as corrected, rank and AUC), then per group the differential validity
 * and the Cleary differential prediction. Reads only the AuditResult.
 */
/** Every cell is escaped whole: it may quote group values, stage, tool and reviewer names. */
const cell = escapeMarkdown;
const table = (header: string[], rows: string[][]) => [
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
];
const READING: Record<string, ReportKey> = {
  underpredicts_group: 'reading.underpredicts_group',
  underpredicts_reference: 'reading.underpredicts_reference',
  slopes_differ: 'reading.slopes_differ',
  no_difference_detected: 'reading.no_difference_detected',
  insufficient_evidence: 'reading.insufficient_evidence',
};

export function validityMarkdown(result: AuditResult, w: Words = wordsFor(result)): string[] {
  const v = result.validity;
  const { t } = w;
  const withSe = (x: number | null, se: number | null, digits: number) => (x === null ? '–' : `${w.fix(x, digits)} (SE ${w.fix(se, digits)})`);
  const out = [`## ${t('val.heading')}`, ''];
  if (!v) {
    out.push(t('val.none'), '');
    return out;
  }
  // The result's own note is English; other languages say it from the policy's thresholds.
  out.push(`_${w.lang === 'en' ? v.conventions : t('val.conventions', { sufficient: w.fix(result.policy.thresholds.validitySufficient, 1), good: w.fix(result.policy.thresholds.validityGood, 1) })}_`, '');
  out.push(
    ...table(
      [t('col.stage'), t('val.col.n'), t('val.col.r'), 'p', t('val.col.corrected'), 'Spearman', ...(v.binary_criterion ? [t('val.col.auc')] : []), t('col.band'), t('col.verdict')],
      v.stages.map((s) => [
        w.stageText(s.tool, s.stage),
        `${w.count(s.n)} / ${w.count(s.applicants)}`,
        `${w.fix(s.r)} (${w.ci(s.r_ci, (x) => w.fix(x))})`,
        w.pv(s.p),
        s.r_corrected_range === null ? '–' : `${w.fix(s.r_corrected_range)} (u = ${w.fix(s.u)})${s.r_corrected_range_and_criterion === null ? '' : `; ${t('val.withReliability', { r: w.fix(s.r_corrected_range_and_criterion) })}`}`,
        `${w.fix(s.spearman_rho)}${s.spearman_exact ? '' : ` ${t('val.sample')}`}`,
        ...(v.binary_criterion ? [`${w.fix(s.auc)} (${w.ci(s.auc_ci, (x) => w.fix(x))})`] : []),
        s.rating === null ? '–' : t(`band.${s.rating}`),
        w.status(s.verdict),
      ]),
    ),
    '',
  );
  if (v.prediction.length > 0 || v.groups.some((g) => g.verdict !== null)) {
    out.push(`### ${t('val.differential')}`, '');
    out.push(
      ...table(
        [t('col.stage'), t('val.col.groupVsReference'), 'n', t('val.col.rVsReference'), t('val.col.holmR'), t('val.col.validityVerdict'), t('val.col.intercept'), t('val.col.slope'), t('val.col.reading'), t('val.col.predictionVerdict')],
        v.groups
          .filter((g) => !g.is_reference)
          .map((g) => {
            const ref = v.groups.find((x) => x.is_reference && x.stage === g.stage && x.tool === g.tool && x.attribute === g.attribute);
            const p = v.prediction.find((x) => x.stage === g.stage && x.tool === g.tool && x.attribute === g.attribute && x.group === g.group);
            return [
              w.stageText(g.tool, g.stage),
              t('val.groupVs', { group: `${g.attribute}=${g.group}`, reference: g.reference ?? '–' }),
              `${w.count(g.n)} / ${ref ? w.count(ref.n) : '–'}`,
              t('val.rVs', { r: w.fix(g.r), reference: w.fix(ref?.r ?? null) }),
              w.pv(g.holm_p),
              g.verdict === null ? w.exclusion(g.excluded) : w.status(g.verdict),
              p ? withSe(p.intercept_difference, p.intercept_difference_se, 2) : '–',
              p ? withSe(p.slope_difference, p.slope_difference_se, 3) : '–',
              p ? `${READING[p.reading] ? t(READING[p.reading]!) : p.reading}${p.underpredicted ? ` (${p.underpredicted})` : ''}` : '–',
              p ? w.status(p.verdict) : '–',
            ];
          }),
      ),
      '',
    );
  }
  out.push(`_${w.lang === 'en' ? v.rank_statistics : rankStatistics(v.rank_statistics, w)}_`, '');
  return out;
}

/** The section's note on the rank statistics (English in the result), said again from its numbers. */
function rankStatistics(note: string, w: Words): string {
  const sample = /up to (\d+) criterion rows \(seed (\d+)\)/.exec(note);
  const bins = /AUC uses (\d+) equal-width/.exec(note);
  const noAuc = /but (\d+) criterion values are neither/.exec(note);
  return [
    w.t('val.rankStatistics', { n: sample ? w.count(Number(sample[1])) : '–', seed: sample?.[2] ?? '–' }),
    ...(bins ? [w.t('val.aucBins', { bins: bins[1]! })] : []),
    ...(noAuc ? [w.t('val.noAuc', { n: w.count(Number(noAuc[1])) })] : []),
  ].join(' ');
}
