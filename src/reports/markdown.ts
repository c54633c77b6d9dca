import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { fix, groupText, interval as ci, pct, pValue as pv, STATUS_LABEL, STATUS_ORDER as ORDER, stageText } from './format.js';
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
function otherSectionsMarkdown(result: AuditResult): string[] {
  return Object.keys(result)
    .filter((key) => !RENDERED.has(key))
    .flatMap((key) => {
      const list = result.findings.filter((f) => f.code.startsWith(`${key}.`));
      return [`## ${key}`, '', ...list.map((f) => `- ${STATUS_LABEL[f.status]}: ${f.message} _[${f.rule.id}]_`), ...(list.length ? [''] : []), `Details: section \`${key}\` of the JSON result.`, ''];
    });
}

export function renderMarkdown(result: AuditResult): string {
  const out: string[] = [];
  const { summary, dataset, disparity } = result;
  const md = escapeMarkdown;
  out.push(`# hireaudit: ${md(dataset.source)}`, '');
  out.push(`**Overall: ${STATUS_LABEL[summary.status]}** — ${ORDER.filter((s) => summary.counts[s]).map((s) => `${summary.counts[s]} ${STATUS_LABEL[s].toLowerCase()}`).join(', ') || 'no findings'}.`, '');
  out.push(
    'Impact ratios and p-values are screening signals (UGESP four-fifths rule, significance after Holm adjustment); Dutch and EU equal-treatment law sets no numeric threshold, so a flag calls for justification, not a legal conclusion.',
    '',
  );

  out.push('## Findings', '');
  for (const status of ORDER) {
    const list = result.findings.filter((f) => f.status === status);
    if (list.length === 0) continue;
    out.push(`### ${STATUS_LABEL[status]} (${list.length})`, '');
    for (const f of list.slice(0, FINDINGS_PER_STATUS)) out.push(`- ${md(f.message)} _[${md(f.rule.id)}]_`);
    if (list.length > FINDINGS_PER_STATUS) out.push(`- … and ${list.length - FINDINGS_PER_STATUS} more in the JSON result.`);
    out.push('');
  }

  out.push('## Selection rates by stage', '');
  for (const stage of disparity.stages) {
    const rows = disparity.rows.filter((r) => r.stage === stage.stage && r.tool === stage.tool && r.attributes.length === 1);
    if (rows.length === 0) continue;
    out.push(`### ${md(stageText(stage.tool, stage.stage))} — ${stage.n} candidates, ${pct(stage.rate)} selected`, '');
    out.push(
      ...table(
        ['group', 'n', 'selected', 'rate (95% CI)', 'impact ratio (95% CI)', 'Fisher p', 'Holm p', "Cohen's h", 'verdict'],
        rows.map((r) => [
          groupText(r.groups) + (r.is_reference ? ' (reference)' : ''),
          String(r.n),
          String(r.selected),
          `${pct(r.rate)} (${ci(r.rate_ci, (x) => pct(x))})`,
          r.impact_ratio === null ? (r.excluded_from_ir ?? '–') : `${fix(r.impact_ratio)} (${ci(r.impact_ratio_ci, (x) => fix(x))})`,
          pv(r.fisher_p),
          pv(r.holm_p),
          fix(r.cohens_h),
          STATUS_LABEL[r.verdict],
        ]),
      ),
      '',
    );
  }

  const bottom = disparity.funnel.filter((r) => r.attributes.length === 1);
  if (bottom.length > 0) {
    out.push('## Whole funnel (bottom line)', '');
    out.push(
      ...table(
        ['group', 'entered', 'cumulative rate', 'impact ratio', 'four-fifths'],
        bottom.map((r) => [groupText(r.groups) + (r.is_reference ? ' (reference)' : ''), String(r.stages[0]?.n ?? 0), pct(r.cumulative_rate), fix(r.impact_ratio), r.four_fifths]),
      ),
      '',
    );
  }

  out.push(...validityMarkdown(result));
  out.push(...automationMarkdown(result));
  out.push(...reliabilityMarkdown(result), ...stabilityMarkdown(result));
  out.push(...similarityMarkdown(result));
  out.push(...otherSectionsMarkdown(result));
  out.push(...statisticsMarkdown(result));
  out.push('## Data', '');
  const a = dataset.accounting;
  out.push(`- Source: ${md(dataset.source)} (${md(dataset.format)}, ${md(dataset.hash)})`);
  out.push(`- Rows read ${a.rowsRead} = used ${a.rowsUsed} + excluded ${a.rowsRead - a.rowsUsed}${dataset.weighted ? ` (${a.candidatesRead} candidates via the count column)` : ''}`);
  for (const e of a.excluded) out.push(`  - ${e.rows} rows excluded: ${e.description}`);
  const unknown = disparity.stages.flatMap((s) => Object.entries(s.unknown).filter(([, n]) => n > 0).map(([attr, n]) => `${md(attr)} at ${md(s.stage)}: ${n}`));
  out.push(`- Unknown protected-attribute values (counted, not compared): ${unknown.length ? unknown.join('; ') : 'none'}`);
  out.push(...valuesLines(result));
  out.push(`- Protected attributes: ${md(dataset.protectedAttributes.join(', ')) || 'none named'}; minimum group size ${result.policy.minGroupSize}; alpha ${result.policy.alpha}; seed ${result.policy.seed}`);
  out.push('', `_hireaudit ${result.generator.version}, AuditResult schema ${result.schemaVersion}._`, '');
  return out.join('\n');
}

/** What normalising the group values did and found: markers made unknown, mappings, spelling variants still apart. */
function valuesLines(result: AuditResult): string[] {
  const v = result.dataset.values;
  if (!v) return [];
  const md = escapeMarkdown;
  // Invisible characters and combining accents shown as \u escapes: the change must be visible.
  const quote = (s: string) => md(JSON.stringify(s).replace(/[\u0300-\u036F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const change = (c: { column: string; from: string; to: string | null; rows: number }) => `${md(c.column)} ${quote(c.from)}${c.to === null ? '' : ` → ${quote(c.to)}`} (${c.rows} rows)`;
  const lines = [`- Group values: ${md(v.normalisation)}${v.normalised.length ? `; ${v.normalised.length} value(s) changed: ${v.normalised.slice(0, 5).map(change).join(', ')}${v.normalised.length > 5 ? ', …' : ''}` : ''}.`];
  if (v.missing.length) lines.push(`- Missing-value markers counted as unknown: ${v.missing.map(change).join(', ')}`);
  if (v.mapped.length) lines.push(`- Mapped by the policy's values: ${v.mapped.map(change).join(', ')}`);
  for (const variant of v.variants) {
    lines.push(
      `- **Spelling variants compared as separate groups** in ${md(variant.column)}: ${variant.values.map((x) => `${quote(x.value)} (${x.rows} rows)`).join(', ')}; if they are one group, map them in the policy's \`values\`.`,
    );
  }
  if (v.unlisted.length) lines.push(`- Too many distinct values to list (normalised all the same): ${md(v.unlisted.join(', '))}`);
  return lines;
}
