import type { AuditResult } from '../audit/contract/audit-result.js';
import { type ExclusionReason, VALUE_NORMALISATION } from '../audit/contract/dataset.js';
import { escapeMarkdown } from './escape.js';
import { STATUS_ORDER as ORDER } from './format.js';
import { type Words, wordsFor } from './i18n/index.js';
import { validityMarkdown } from './markdown-validity.js';
import { automationMarkdown } from './markdown-automation.js';
import { reliabilityMarkdown, stabilityMarkdown } from './markdown-stability.js';
import { similarityMarkdown } from './markdown-similarity.js';
import { statisticsMarkdown } from './markdown-statistics.js';

/**
 * A Markdown summary of an AuditResult, sized for a terminal, a CI job summary or a PR comment:
 * verdict first, then what needs attention, then the numbers per stage, then data accounting.
 * Reads only the AuditResult.
 */
/** Every cell is escaped whole: it may quote group values, stage, tool and reviewer names. */
const cell = escapeMarkdown;

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** At most this many findings of each status are listed; the rest are counted. */
const FINDINGS_PER_STATUS = 25;

/** The parts of an AuditResult that are not a family's section, and the sections rendered above. */
const RENDERED = new Set(['schemaVersion', 'generator', 'dataset', 'policy', 'thresholdSources', 'findings', 'summary', 'disparity', 'validity', 'reliability', 'stability', 'automation', 'similarity', 'error_rates']);

/**
 * A section of a family this renderer has no table for (a new or an extension family): its
 * findings under its own heading, so that nothing the audit judged is missing from the summary.
 */
function otherSectionsMarkdown(result: AuditResult, w: Words): string[] {
  return Object.keys(result)
    .filter((key) => !RENDERED.has(key))
    .flatMap((key) => {
      const list = result.findings.filter((f) => f.code.startsWith(`${key}.`));
      return [`## ${key}`, '', ...list.map((f) => `- ${w.status(f.status)}: ${f.message} _[${f.rule.id}]_`), ...(list.length ? [''] : []), w.t('md.otherDetails', { key }), ''];
    });
}

export function renderMarkdown(result: AuditResult): string {
  const out: string[] = [];
  const { summary, dataset, disparity } = result;
  const md = escapeMarkdown;
  const w = wordsFor(result);
  const { t } = w;
  out.push(`# hireaudit: ${md(dataset.source)}`, '');
  const counts = ORDER.filter((s) => summary.counts[s]).map((s) => `${w.count(summary.counts[s])} ${w.status(s).toLowerCase()}`).join(', ') || t('md.noFindings');
  out.push(t('md.overall', { status: w.status(summary.status), counts }), '');
  out.push(t('md.screening'), '');

  out.push(`## ${t('md.findings')}`, '');
  for (const status of ORDER) {
    const list = result.findings.filter((f) => f.status === status);
    if (list.length === 0) continue;
    out.push(`### ${w.status(status)} (${w.count(list.length)})`, '');
    for (const f of list.slice(0, FINDINGS_PER_STATUS)) out.push(`- ${md(f.message)} _[${md(f.rule.id)}]_`);
    if (list.length > FINDINGS_PER_STATUS) out.push(`- ${t('md.moreFindings', { n: w.count(list.length - FINDINGS_PER_STATUS) })}`);
    out.push('');
  }

  out.push(`## ${t('md.selectionRates')}`, '');
  const reference = (isReference: boolean) => (isReference ? ` ${t('label.reference')}` : '');
  for (const stage of disparity.stages) {
    const rows = disparity.rows.filter((r) => r.stage === stage.stage && r.tool === stage.tool && r.attributes.length === 1);
    if (rows.length === 0) continue;
    out.push(`### ${md(w.stageText(stage.tool, stage.stage))} — ${t('md.stageHeading', { n: w.count(stage.n), rate: w.pct(stage.rate) })}`, '');
    out.push(
      ...table(
        [t('col.group'), 'n', t('col.selected'), t('col.rateCi'), t('col.impactRatioCi'), 'Fisher p', 'Holm p', "Cohen's h", t('col.verdict')],
        rows.map((r) => [
          w.groupText(r.groups) + reference(r.is_reference),
          w.count(r.n),
          w.count(r.selected),
          `${w.pct(r.rate)} (${w.ci(r.rate_ci, (x) => w.pct(x))})`,
          r.impact_ratio === null ? w.exclusion(r.excluded_from_ir) : `${w.fix(r.impact_ratio)} (${w.ci(r.impact_ratio_ci, (x) => w.fix(x))})`,
          w.pv(r.fisher_p),
          w.pv(r.holm_p),
          w.fix(r.cohens_h),
          w.status(r.verdict),
        ]),
      ),
      '',
    );
  }

  const bottom = disparity.funnel.filter((r) => r.attributes.length === 1);
  if (bottom.length > 0) {
    out.push(`## ${t('md.bottomLine')}`, '');
    out.push(
      ...table(
        [t('col.group'), t('col.entered'), t('col.cumulativeRate'), t('col.impactRatio'), t('col.fourFifths')],
        bottom.map((r) => [w.groupText(r.groups) + reference(r.is_reference), w.count(r.stages[0]?.n ?? 0), w.pct(r.cumulative_rate), w.fix(r.impact_ratio), t(`fourFifths.${r.four_fifths}`)]),
      ),
      '',
    );
  }

  out.push(...validityMarkdown(result, w));
  out.push(...automationMarkdown(result, w));
  out.push(...reliabilityMarkdown(result, w), ...stabilityMarkdown(result, w));
  out.push(...similarityMarkdown(result, w));
  out.push(...otherSectionsMarkdown(result, w));
  out.push(...statisticsMarkdown(result, w));
  out.push(`## ${t('md.data')}`, '');
  const a = dataset.accounting;
  out.push(`- ${t('md.source', { source: md(dataset.source), format: md(dataset.format), hash: md(dataset.hash) })}`);
  const weighted = dataset.weighted ? ` ${t('md.viaCount', { n: w.count(a.candidatesRead) })}` : '';
  out.push(`- ${t('md.rows', { read: w.count(a.rowsRead), used: w.count(a.rowsUsed), excluded: w.count(a.rowsRead - a.rowsUsed) })}${weighted}`);
  for (const e of a.excluded) out.push(`  - ${t('md.rowsExcluded', { n: w.count(e.rows), why: exclusionReason(e, w) })}`);
  const unknown = disparity.stages.flatMap((s) => Object.entries(s.unknown).filter(([, n]) => n > 0).map(([attr, n]) => t('md.unknownAt', { attribute: md(attr), stage: md(s.stage), n: w.count(n) })));
  out.push(`- ${t('md.unknown', { list: unknown.length ? unknown.join('; ') : t('label.none') })}`);
  out.push(...valuesLines(result, w));
  const attributes = md(dataset.protectedAttributes.join(', ')) || t('md.noneNamed');
  out.push(`- ${t('md.protected', { attributes, min: w.count(result.policy.minGroupSize), alpha: w.fix(result.policy.alpha, decimals(result.policy.alpha)), seed: result.policy.seed })}`);
  out.push('', `_${t('md.footer', { version: result.generator.version, schema: result.schemaVersion })}_`, '');
  return out.join('\n');
}

/** Decimals a policy number is written with (0.05 -> 2), so it prints as the policy has it. */
export const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;

/** An exclusion of the row accounting in the report's language: English as the result has it, else from its reason code. */
export const exclusionReason = (e: { reason: ExclusionReason; description: string }, w: Words): string => (w.lang === 'en' ? e.description : w.t(`exclusion.${e.reason}`));

/** What normalising the group values did and found: markers made unknown, mappings, spelling variants still apart. */
function valuesLines(result: AuditResult, w: Words): string[] {
  const v = result.dataset.values;
  if (!v) return [];
  const { t } = w;
  const md = escapeMarkdown;
  // Invisible characters and combining accents shown as \u escapes: the change must be visible.
  const quote = (s: string) => md(JSON.stringify(s).replace(/[\u0300-\u036F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const rows = (n: number) => t('values.rows', { n: w.count(n) });
  const change = (c: { column: string; from: string; to: string | null; rows: number }) => `${md(c.column)} ${quote(c.from)}${c.to === null ? '' : ` → ${quote(c.to)}`} (${rows(c.rows)})`;
  const how = w.lang !== 'en' && v.normalisation === VALUE_NORMALISATION ? t('values.normalisation') : md(v.normalisation);
  const changed = v.normalised.length ? `; ${t('values.changed', { n: w.count(v.normalised.length) })} ${v.normalised.slice(0, 5).map(change).join(', ')}${v.normalised.length > 5 ? ', …' : ''}` : '';
  const lines = [`- ${t('values.group')} ${how}${changed}.`];
  if (v.missing.length) lines.push(`- ${t('values.missing')} ${v.missing.map(change).join(', ')}`);
  if (v.mapped.length) lines.push(`- ${t('values.mapped')} ${v.mapped.map(change).join(', ')}`);
  for (const variant of v.variants) {
    lines.push(`- ${t('values.variants', { column: md(variant.column), values: variant.values.map((x) => `${quote(x.value)} (${rows(x.rows)})`).join(', ') })}`);
  }
  if (v.unlisted.length) lines.push(`- ${t('values.unlisted')} ${md(v.unlisted.join(', '))}`);
  return lines;
}
