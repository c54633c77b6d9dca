import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { type ReportKey, type Words, wordsFor } from './i18n/index.js';

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
/** The rubber-stamp risk as a table cell. */
const RISK_KEY: Record<string, ReportKey> = { high: 'risk.high', medium: 'risk.medium', low: 'risk.low', insufficient_evidence: 'risk.insufficient_evidence', not_applicable: 'risk.not_applicable' };

export function automationMarkdown(result: AuditResult, w: Words = wordsFor(result)): string[] {
  const a = result.automation;
  const { t } = w;
  const out = [`## ${t('auto.heading')}`, ''];
  if (!a) {
    out.push(t('auto.noColumn'), '');
    return out;
  }
  const seconds = w.count(a.thresholds.min_review_seconds);
  out.push(t('auto.intro', { seconds }), '');
  out.push(
    ...table(
      [t('col.stage'), t('auto.col.unreviewed'), t('auto.col.reviews'), t('auto.col.median'), t('auto.col.under', { seconds }), t('auto.col.overrides'), t('auto.col.adherence'), t('auto.col.batch'), t('auto.col.never'), t('auto.col.risk'), t('auto.col.art22')],
      a.stages.map((s) => [
        w.stageText(s.tool, s.stage),
        `${t('auto.ofTotal', { part: w.count(s.rejected_unreviewed), total: w.count(s.rejected) })} = ${w.pct(s.arr)} (${w.ci(s.arr_ci, (x) => w.pct(x))})`,
        w.count(s.reviewed),
        s.review_seconds_median === null ? '–' : `${w.fix(s.review_seconds_median, 0)} s / ${w.fix(s.review_seconds_p10, 0)} s`,
        w.pct(s.short_share),
        s.override_rate === null ? '–' : `${w.pct(s.override_rate)} (${w.count(s.overrides_up)} / ${w.count(s.overrides_down)})`,
        w.pct(s.adherence),
        s.batch_index === null ? t('label.notAssessed') : w.pct(s.batch_index),
        s.reviewers.filter((r) => r.never_overrides).map((r) => `${r.reviewer_id} (${w.count(r.override_known)})`).join(', ') || t('label.none'),
        RISK_KEY[s.rubber_stamp_risk] ? t(RISK_KEY[s.rubber_stamp_risk]!) : s.rubber_stamp_risk,
        w.status(s.verdict),
      ]),
    ),
    '',
  );
  const unequal = a.groups.flatMap((g) =>
    [
      g.arr_verdict === 'warn' ? t('auto.unequal.arr', { share: w.pct(g.arr), rest: w.pct(g.arr_rest), p: w.pv(g.arr_holm_p) }) : null,
      g.short_verdict === 'warn' ? t('auto.unequal.short', { share: w.pct(g.short_share), rest: w.pct(g.short_rest), p: w.pv(g.short_holm_p) }) : null,
      g.human_verdict === 'warn'
        ? t('auto.unequal.human', { or: w.fix(g.human_odds_ratio), p: w.pv(g.human_holm_p), tool: w.fix(g.tool_impact_ratio), final: w.fix(g.final_impact_ratio) })
        : null,
    ]
      .filter((x): x is string => x !== null)
      .map((x) => `- ${escapeMarkdown(`${w.stageText(g.tool, g.stage)}, ${w.groupText(g.groups)}: ${x}.`)}`),
  );
  out.push(unequal.length ? t('auto.unequal') : t('auto.equal'), '');
  if (unequal.length) out.push(...unequal, '');
  return out;
}
