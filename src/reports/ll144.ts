import type { AuditResult } from '../audit/contract/audit-result.js';
import { fix, groupText, pct, stageText } from './format.js';
import { escapeHtml, escapeMarkdown } from './escape.js';

/**
 * An LL144-style public summary (6 RCNY §5-301 to §5-303): per stage, the selection rate and
 * impact ratio of every category (each attribute and each intersection), the scoring rate where
 * there are scores, the number of candidates in an unknown category, and the audit data source.
 * Optional small-cell suppression: a count under N is shown as "<N", and a rate or impact ratio
 * whose numerator, complement or denominator is under N is withheld, since it would reveal the count.
 */
export interface Ll144Options {
  /** Suppress cells under this count; 0 or undefined shows every number. */
  suppressBelow?: number;
}

interface Table {
  heading: string;
  header: string[];
  rows: string[][];
}

const SUPPRESSED = 'suppressed';

function suppressor(n: number | undefined) {
  const limit = n && n > 0 ? n : 0;
  const small = (...counts: number[]) => limit > 0 && counts.some((c) => c < limit);
  return {
    count: (c: number) => (small(c) ? `<${limit}` : String(c)),
    derived: (counts: number[], shown: string) => (small(...counts) ? SUPPRESSED : shown),
  };
}

function tables(result: AuditResult, options: Ll144Options): Table[] {
  const s = suppressor(options.suppressBelow);
  const d = result.disparity;
  if (!d) return [];
  const out: Table[] = [];
  for (const stage of d.stages) {
    const here = <T extends { tool: string | null; stage: string }>(rows: readonly T[]) => rows.filter((r) => r.tool === stage.tool && r.stage === stage.stage);
    const where = stageText(stage.tool, stage.stage);
    const rows = here(d.rows);
    out.push({
      heading: `Selection rates: ${where}`,
      header: ['category', 'applicants', 'selected', 'selection rate', 'impact ratio', 'note'],
      rows: rows.map((r) => [
        groupText(r.groups),
        s.count(r.n),
        s.count(r.selected),
        s.derived([r.n, r.selected, r.n - r.selected], pct(r.rate)),
        s.derived([r.n, r.selected, r.n - r.selected], fix(r.impact_ratio, 3)),
        r.is_reference ? 'reference (impact ratio 1)' : (r.excluded_from_ir ?? ''),
      ]),
    });
    const scored = here(d.scoring).filter((r) => r.scoring_rate !== null);
    // LL144 §5-300 counts those above the median; a policy may have chosen audit-ai's at-or-above (issue 16): say so.
    const atOrAbove = result.policy.conventions?.scoringRate === 'at_or_above_median';
    const counted = (r: (typeof scored)[number]) => r.above_median + (atOrAbove ? (r.at_median ?? 0) : 0);
    if (scored.length) {
      out.push({
        heading: atOrAbove
          ? `Scoring rates (share at or above the stage median score, policy conventions.scoringRate; LL144 §5-300 counts only those above): ${where}`
          : `Scoring rates (share above the stage median score): ${where}`,
        header: ['category', 'applicants scored', atOrAbove ? 'at or above median' : 'above median', 'scoring rate', 'impact ratio'],
        rows: scored.map((r) => [
          groupText(r.groups),
          s.count(r.n),
          s.count(counted(r)),
          s.derived([r.n, counted(r), r.n - counted(r)], pct(r.scoring_rate)),
          s.derived([r.n, counted(r), r.n - counted(r)], fix(r.impact_ratio, 3)),
        ]),
      });
    }
    out.push({
      heading: `Unknown category: ${where}`,
      header: ['attribute', 'applicants with an unknown value'],
      rows: Object.entries(stage.unknown).map(([attr, n]) => [attr, s.count(n)]),
    });
  }
  return out;
}

/** The audit date and the tool's distribution date when the policy has them; what must still be added. */
function known(result: AuditResult): string[] {
  const date = result.policy.auditDate;
  const distributed = result.policy.declarations.toolDistributionDate;
  const missing = [
    ...(date ? [] : ['the date of the audit']),
    'whether the data is historical or test data (and why)',
    ...(distributed ? [] : ['the date the tool was first used']),
  ];
  return [
    ...(date ? [`Date of the audit: ${date}.`] : []),
    ...(distributed ? [`Tool first distributed or used (declared, not verified): ${distributed}.`] : []),
    `To be added before publication: ${missing.join(', ')}.`,
  ];
}

function facts(result: AuditResult, options: Ll144Options): string[] {
  const { dataset } = result;
  const first = result.disparity?.stages.find((st) => st.order === 0) ?? result.disparity?.stages[0];
  return [
    `Audit data source: ${dataset.source} (${dataset.format}, ${dataset.hash}); ${dataset.accounting.rowsUsed} of ${dataset.accounting.rowsRead} rows used.`,
    `Applicants at the first stage: ${first ? first.n : 'n/a'}.`,
    'Impact ratio: the category\'s rate divided by the rate of the reference category (the highest rate among categories of at least the minimum size, unless the policy names one).',
    ...known(result),
    ...(options.suppressBelow ? [`Counts under ${options.suppressBelow} are shown as "<${options.suppressBelow}"; rates and impact ratios that would reveal them are ${SUPPRESSED}.`] : []),
  ];
}

const TITLE = 'Bias audit summary (NYC Local Law 144 style)';

export function renderLl144Markdown(result: AuditResult, options: Ll144Options = {}): string {
  // Every line quotes user strings (source, stage, tool, group values, declarations): all escaped.
  const cell = escapeMarkdown;
  const lines = [`# ${TITLE}`, '', ...facts(result, options).map((f) => `- ${escapeMarkdown(f)}`), ''];
  for (const t of tables(result, options)) {
    lines.push(`## ${escapeMarkdown(t.heading)}`, '', `| ${t.header.map(cell).join(' | ')} |`, `| ${t.header.map(() => '---').join(' | ')} |`);
    lines.push(...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '');
  }
  return lines.join('\n');
}

export function renderLl144Html(result: AuditResult, options: Ll144Options = {}): string {
  const e = escapeHtml;
  const body = tables(result, options)
    .map((t) => `<h2>${e(t.heading)}</h2>\n<table><thead><tr>${t.header.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${t.rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('\n')}\n</tbody></table>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${e(TITLE)}</title>
<style>body{font-family:system-ui,"Liberation Sans",Arial,sans-serif;max-width:980px;margin:0 auto;padding:1.5rem}table{border-collapse:collapse;margin-bottom:1rem}th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}th{background:#f3f3f3}</style></head>
<body>
<h1>${e(TITLE)}</h1>
<ul>${facts(result, options).map((f) => `<li>${e(f)}</li>`).join('')}</ul>
${body}
</body>
</html>
`;
}
