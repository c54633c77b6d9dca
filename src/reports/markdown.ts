import type { AuditResult, Finding } from '../audit/contract/audit-result.js';

/**
 * A Markdown summary of an AuditResult, sized for a terminal, a CI job summary or a PR comment:
 * verdict first, then what needs attention, then the numbers per stage, then data accounting.
 * Reads only the AuditResult.
 */
const STATUS_LABEL: Record<Finding['status'], string> = {
  fail: 'FAIL',
  warn: 'WARN',
  insufficient_evidence: 'INSUFFICIENT EVIDENCE',
  not_assessed: 'NOT ASSESSED',
  pass: 'PASS',
};
const ORDER: Finding['status'][] = ['fail', 'warn', 'insufficient_evidence', 'not_assessed', 'pass'];

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const fix = (x: number | null, d = 2) => (x === null ? '–' : x.toFixed(d));
const pv = (x: number | null) => (x === null ? '–' : x < 0.0001 ? '<0.0001' : x.toFixed(4));
const ci = (c: [number, number] | null, f: (x: number) => string) => (c === null ? '–' : `${f(c[0])}–${f(c[1])}`);
const groupText = (g: Record<string, string> | null) => (g === null ? '–' : Object.entries(g).map(([k, v]) => `${k}=${v}`).join(' × '));
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** At most this many findings of each status are listed; the rest are counted. */
const FINDINGS_PER_STATUS = 25;

export function renderMarkdown(result: AuditResult): string {
  const out: string[] = [];
  const { summary, dataset, disparity } = result;
  out.push(`# hireaudit: ${dataset.source}`, '');
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
    for (const f of list.slice(0, FINDINGS_PER_STATUS)) out.push(`- ${f.message} _[${f.rule.id}]_`);
    if (list.length > FINDINGS_PER_STATUS) out.push(`- … and ${list.length - FINDINGS_PER_STATUS} more in the JSON result.`);
    out.push('');
  }

  out.push('## Selection rates by stage', '');
  for (const stage of disparity.stages) {
    const rows = disparity.rows.filter((r) => r.stage === stage.stage && r.tool === stage.tool && r.attributes.length === 1);
    if (rows.length === 0) continue;
    out.push(`### ${stage.tool ? `${stage.tool} / ` : ''}${stage.stage} — ${stage.n} candidates, ${pct(stage.rate)} selected`, '');
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

  out.push('## Data', '');
  const a = dataset.accounting;
  out.push(`- Source: \`${dataset.source}\` (${dataset.format}, ${dataset.hash})`);
  out.push(`- Rows read ${a.rowsRead} = used ${a.rowsUsed} + excluded ${a.rowsRead - a.rowsUsed}${dataset.weighted ? ` (${a.candidatesRead} candidates via the count column)` : ''}`);
  for (const e of a.excluded) out.push(`  - ${e.rows} rows excluded: ${e.description}`);
  const unknown = disparity.stages.flatMap((s) => Object.entries(s.unknown).filter(([, n]) => n > 0).map(([attr, n]) => `${attr} at ${s.stage}: ${n}`));
  out.push(`- Unknown protected-attribute values (counted, not compared): ${unknown.length ? unknown.join('; ') : 'none'}`);
  out.push(`- Protected attributes: ${dataset.protectedAttributes.join(', ') || 'none named'}; minimum group size ${result.policy.minGroupSize}; alpha ${result.policy.alpha}; seed ${result.policy.seed}`);
  out.push('', `_hireaudit ${result.generator.version}, AuditResult schema ${result.schemaVersion}._`, '');
  return out.join('\n');
}
