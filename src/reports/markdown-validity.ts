import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { fix, interval as ci, pValue as pv, STATUS_LABEL, stageText } from './format.js';

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
const withSe = (x: number | null, se: number | null, digits: number) => (x === null ? '–' : `${fix(x, digits)} (SE ${fix(se, digits)})`);

const READING: Record<string, string> = {
  underpredicts_group: 'under-predicts the group',
  underpredicts_reference: 'under-predicts the reference',
  slopes_differ: 'slopes differ',
  no_difference_detected: 'no difference detected',
  insufficient_evidence: 'insufficient evidence',
};

export function validityMarkdown(result: AuditResult): string[] {
  const v = result.validity;
  const out = ['## Validity', ''];
  if (!v) {
    out.push('No score and criterion (later job performance) in the data: validity is **insufficient evidence**, never a pass.', '');
    return out;
  }
  out.push(`_${v.conventions}_`, '');
  out.push(
    ...table(
      ['stage', 'n with criterion / applicants', 'r (95% CI)', 'p', 'r corrected for range restriction (corrected)', 'Spearman', ...(v.binary_criterion ? ['AUC (95% CI)'] : []), 'band', 'verdict'],
      v.stages.map((s) => [
        stageText(s.tool, s.stage),
        `${s.n} / ${s.applicants}`,
        `${fix(s.r)} (${ci(s.r_ci, (x) => fix(x))})`,
        pv(s.p),
        s.r_corrected_range === null ? '–' : `${fix(s.r_corrected_range)} (u = ${fix(s.u)})${s.r_corrected_range_and_criterion === null ? '' : `; with criterion reliability ${fix(s.r_corrected_range_and_criterion)}`}`,
        `${fix(s.spearman_rho)}${s.spearman_exact ? '' : ' (sample)'}`,
        ...(v.binary_criterion ? [`${fix(s.auc)} (${ci(s.auc_ci, (x) => fix(x))})`] : []),
        s.rating ?? '–',
        STATUS_LABEL[s.verdict],
      ]),
    ),
    '',
  );
  if (v.prediction.length > 0 || v.groups.some((g) => g.verdict !== null)) {
    out.push('### Differential validity and prediction (Cleary model)', '');
    out.push(
      ...table(
        ['stage', 'group vs reference', 'n', 'r vs reference r', 'Holm p (r)', 'validity verdict', 'intercept difference', 'slope difference', 'reading', 'prediction verdict'],
        v.groups
          .filter((g) => !g.is_reference)
          .map((g) => {
            const ref = v.groups.find((x) => x.is_reference && x.stage === g.stage && x.tool === g.tool && x.attribute === g.attribute);
            const p = v.prediction.find((x) => x.stage === g.stage && x.tool === g.tool && x.attribute === g.attribute && x.group === g.group);
            return [
              stageText(g.tool, g.stage),
              `${g.attribute}=${g.group} vs ${g.reference ?? '–'}`,
              `${g.n} / ${ref?.n ?? '–'}`,
              `${fix(g.r)} vs ${fix(ref?.r ?? null)}`,
              pv(g.holm_p),
              g.verdict === null ? (g.excluded ?? '–') : STATUS_LABEL[g.verdict],
              p ? withSe(p.intercept_difference, p.intercept_difference_se, 2) : '–',
              p ? withSe(p.slope_difference, p.slope_difference_se, 3) : '–',
              p ? `${READING[p.reading]}${p.underpredicted ? ` (${p.underpredicted})` : ''}` : '–',
              p ? STATUS_LABEL[p.verdict] : '–',
            ];
          }),
      ),
      '',
    );
  }
  out.push(`_${v.rank_statistics}_`, '');
  return out;
}
