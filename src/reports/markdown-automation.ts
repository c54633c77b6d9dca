import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { fix, groupText, interval as ci, pct, pValue as pv, STATUS_LABEL, stageText } from './format.js';

/**
 * The "Automated decisions" section of the Markdown summary (GDPR/AVG art. 22, requirements Q9):
 * per stage how many rejections no person reviewed and how the reviews look, then the groups on
 * whom automation or rubber-stamping falls unequally. Reads only the AuditResult.
 */
/** Every cell is escaped whole: it may quote group values, stage, tool and reviewer names. */
const cell = escapeMarkdown;
const table = (header: string[], rows: string[][]) => [
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
];
const RISK: Record<string, string> = { high: 'HIGH', medium: 'medium', low: 'low', insufficient_evidence: 'too few reviews', not_applicable: '–' };

export function automationMarkdown(result: AuditResult): string[] {
  const a = result.automation;
  const out = ['## Automated decisions', ''];
  if (!a) {
    out.push('The data has no `reviewed_by_human` column, so whether candidates were rejected without any human review (GDPR/AVG art. 22) could not be assessed.', '');
    return out;
  }
  out.push(
    `GDPR/AVG art. 22 forbids rejecting a candidate by a decision based solely on automated processing; a review counts only if it is meaningful (WP251rev.01, CJEU C-634/21 SCHUFA). Reviews under ${a.thresholds.min_review_seconds} s count as short; the rubber-stamp rating follows requirements Q9 (a convention).`,
    '',
  );
  out.push(
    ...table(
      ['stage', 'rejections without review (95% CI)', 'reviews', 'median / p10 review', `under ${a.thresholds.min_review_seconds} s`, 'overrides (up / down)', 'adherence', 'batch index', 'never override', 'rubber-stamp risk', 'art. 22'],
      a.stages.map((s) => [
        stageText(s.tool, s.stage),
        `${s.rejected_unreviewed} of ${s.rejected} = ${pct(s.arr)} (${ci(s.arr_ci, (x) => pct(x))})`,
        String(s.reviewed),
        s.review_seconds_median === null ? '–' : `${fix(s.review_seconds_median, 0)} s / ${fix(s.review_seconds_p10, 0)} s`,
        pct(s.short_share),
        s.override_rate === null ? '–' : `${pct(s.override_rate)} (${s.overrides_up} / ${s.overrides_down})`,
        pct(s.adherence),
        s.batch_index === null ? 'not assessed' : pct(s.batch_index),
        s.reviewers.filter((r) => r.never_overrides).map((r) => `${r.reviewer_id} (${r.override_known})`).join(', ') || 'none',
        RISK[s.rubber_stamp_risk] ?? s.rubber_stamp_risk,
        STATUS_LABEL[s.verdict],
      ]),
    ),
    '',
  );
  const unequal = a.groups.flatMap((g) =>
    [
      g.arr_verdict === 'warn' ? `${pct(g.arr)} of rejections without review vs ${pct(g.arr_rest)} for the rest (Holm p ${pv(g.arr_holm_p)})` : null,
      g.short_verdict === 'warn' ? `${pct(g.short_share)} of reviewed rejections rushed vs ${pct(g.short_rest)} (Holm p ${pv(g.short_holm_p)})` : null,
      g.human_verdict === 'warn' ? `reviewers advance them less often at the same tool outcome (odds ratio ${fix(g.human_odds_ratio)}, Holm p ${pv(g.human_holm_p)}; impact ratio ${fix(g.tool_impact_ratio)} by the tool, ${fix(g.final_impact_ratio)} after review)` : null,
    ]
      .filter((x): x is string => x !== null)
      .map((x) => `- ${escapeMarkdown(`${stageText(g.tool, g.stage)}, ${groupText(g.groups)}: ${x}.`)}`),
  );
  out.push(unequal.length ? 'Falls unequally on groups:' : 'Automation and rubber-stamping do not fall significantly more on any group.', '');
  if (unequal.length) out.push(...unequal, '');
  return out;
}
