import type { AuditResult, Finding } from '../audit/contract/audit-result.js';
import type { Chart } from './charts/chart.js';
import { automatedRejectionChart } from './charts/automation.js';
import { funnelChart } from './charts/funnel.js';
import { selectionRateChart } from './charts/selection-rates.js';
import { escapeHtml, escapeMarkdown } from './escape.js';
import { chartsBoot } from './html/charts.js';
import { html } from './html/escape.js';
import { documentHead } from './html/head.js';
import { BRIEF_STYLE } from './html/brief-style.js';
import { type ReportKey, type Words, wordsFor } from './i18n/index.js';

/**
 * The works-council briefing (issue 17, `--format or-brief`): two printed A4 pages for a works
 * council (ondernemingsraad) that must decide whether to consent to a selection tool (WOR art.
 * 27), written from the AuditResult alone, in its language. It answers in plain words: what the
 * tool decides, where it disadvantages groups (with the two or three charts that show it), whether
 * it is shown to predict job performance, how many rejections no person looked at, what is
 * unknown, and which questions to put to the employer and the vendor before consenting. Every
 * term that needs one has a one-line explanation in the list of terms at the end.
 */

/** One paragraph or list item: catalogue text with its parts, escaped for the format when rendered. */
interface Text {
  key: ReportKey;
  vars?: Record<string, string | number>;
}

/** A paragraph, a list, or charts (indexes into the brief's charts), in reading order. */
type Block = { p: Text } | { ul: Text[] } | { charts: number[] };

interface Section {
  heading: ReportKey;
  blocks: Block[];
}

/** The blocks of a section, leaving out empty lists and chart rows. */
const blocks = (...list: (Block | null)[]): Block[] => list.filter((b): b is Block => b !== null && !('ul' in b && b.ul.length === 0) && !('charts' in b && b.charts.length === 0));
const ps = (texts: Text[]): Block[] => texts.map((p) => ({ p }));

interface Brief {
  sections: Section[];
  charts: Chart[];
}

/** At most this many group disadvantages are named one by one. */
const GAPS_NAMED = 3;
/** At most this many missing declarations are named. */
const DECLARATIONS_NAMED = 2;
/** Plot size of the brief's charts (the report's are 340 wide). */
const BRIEF_CHART_WIDTH = 190;
const BRIEF_CHART_HEIGHT = 130;
/** The funnel names every stage along its axis, so it is as wide as its stages need. */
const FUNNEL_STEP = 80;

/** A title inside a sentence: "De vacature …" -> "de vacature …", "DPIA …" as it is. */
const lowerFirst = (t: string) => (/^[A-Z][a-z]/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t);
const isFlagged = (f: Finding) => f.status === 'fail' || f.status === 'warn';
const single = (f: Finding) => f.subject.groups !== null && Object.keys(f.subject.groups).length === 1;
const num = (x: unknown) => (typeof x === 'number' ? x : null);

/** "vendor_x" / "the tool": the tools the data names. */
function toolNames(result: AuditResult, w: Words): string {
  const tools = [...new Set(result.disparity.stages.map((s) => s.tool).filter((t): t is string => t !== null))];
  return tools.length ? tools.join(', ') : w.t('brief.theTool');
}

function decides(result: AuditResult, w: Words): Section {
  const stages = [...result.disparity.stages].sort((a, b) => a.order - b.order);
  const first = stages[0];
  if (first === undefined) return { heading: 'brief.h.decides', blocks: [{ p: { key: 'brief.noStages' } }] };
  const items: Text[] = stages.map((s) => ({ key: 'brief.stage', vars: { stage: w.stageText(s.tool, s.stage), n: w.count(s.n), selected: w.count(s.selected), rate: w.pct(s.rate, 0) } }));
  const last = stages[stages.length - 1]!;
  const through: Text | null = stages.length > 1 ? { key: 'brief.throughAll', vars: { n: w.count(last.selected), applicants: w.count(first.n), rate: w.pct(first.n ? last.selected / first.n : null, 1) } } : null;
  return {
    heading: 'brief.h.decides',
    blocks: blocks({ p: { key: 'brief.decides', vars: { tools: toolNames(result, w), stages: w.count(stages.length), applicants: w.count(first.n) } } }, { ul: items }, through && { p: through }),
  };
}

/** One disadvantage in words: who, where, how many of every hundred. */
function gapText(f: Finding, result: AuditResult, w: Words): Text {
  const e = f.evidence;
  const group = w.groupText(f.subject.groups);
  const reference = w.groupText(f.subject.reference);
  const ir = num(e['impact_ratio']);
  // per 100, with decimals only where rounding would lift a ratio under the threshold onto it (0.7996 -> 79.96, not 80)
  const line = result.policy.thresholds.impactRatio * 100;
  const digits = ir === null ? 0 : [0, 1, 2, 3].find((d) => !(ir * 100 < line && Number((ir * 100).toFixed(d)) >= line)) ?? 3;
  const per100 = ir === null ? '–' : w.fix(ir * 100, digits);
  if (f.code === 'disparity.bottom_line') {
    return { key: 'brief.gap.funnel', vars: { group, reference, rate: w.pct(num(e['cumulative_rate'])), refRate: w.pct(num(e['reference_cumulative_rate'])), per100, signal: w.t('brief.signal.funnel') } };
  }
  // fail: both signals; warn: a large gap that could be chance, or a small one that is not
  const signal = w.t(f.status === 'fail' ? 'brief.signal.clear' : ir !== null && ir < result.policy.thresholds.impactRatio ? 'brief.signal.chance' : 'brief.signal.small');
  return { key: 'brief.gap.stage', vars: { stage: f.subject.stage ?? '–', group, reference, rate: w.pct(num(e['rate'])), refRate: w.pct(num(e['reference_rate'])), per100, signal } };
}

function disadvantages(result: AuditResult, w: Words, charts: Chart[]): Section {
  const flagged = result.findings.filter((f) => (f.code === 'disparity.selection_rate' || f.code === 'disparity.bottom_line') && isFlagged(f));
  const byStrength = (a: Finding, b: Finding) => (a.status === b.status ? (num(a.evidence['impact_ratio']) ?? 1) - (num(b.evidence['impact_ratio']) ?? 1) : a.status === 'fail' ? -1 : 1);
  const singles = flagged.filter(single).sort(byStrength);
  const combinations = flagged.filter((f) => !single(f)).length;
  const items = singles.slice(0, GAPS_NAMED).map((f) => gapText(f, result, w));
  if (singles.length > GAPS_NAMED) items.push({ key: 'brief.moreGaps', vars: { n: w.count(singles.length - GAPS_NAMED) } });
  if (combinations > 0) items.push({ key: 'brief.combinations', vars: { n: w.count(combinations) } });
  const small = result.findings.filter((f) => f.code === 'disparity.selection_rate' && f.status === 'insufficient_evidence').length;
  if (small > 0) items.push({ key: 'brief.smallGroups', vars: { n: w.count(small), min: w.count(result.policy.minGroupSize) } });

  // Charts: the stage and attribute with the strongest signal, and the whole funnel for the attribute with the lowest bottom line.
  const shown: number[] = [];
  const worstStage = singles.find((f) => f.code === 'disparity.selection_rate');
  if (worstStage) {
    const attribute = Object.keys(worstStage.subject.groups!)[0]!;
    const rows = result.disparity.rows.filter((r) => r.tool === worstStage.subject.tool && r.stage === worstStage.subject.stage && r.attributes.length === 1 && r.attributes[0] === attribute);
    if (rows.length) shown.push(charts.push(chart('brief-selection-rate', selectionRateChart(rows, w))) - 1);
  }
  const funnel = result.disparity.funnel.filter((r) => r.attributes.length === 1 && r.impact_ratio !== null && r.stages.length > 1);
  const lowest = funnel.reduce<(typeof funnel)[number] | null>((m, r) => (m === null || r.impact_ratio! < m.impact_ratio! ? r : m), null);
  if (lowest) {
    const rows = result.disparity.funnel.filter((r) => r.tool === lowest.tool && r.attributes.length === 1 && r.attributes[0] === lowest.attributes[0]);
    shown.push(charts.push(chart('brief-funnel', funnelChart(rows, lowest.attributes[0]!, lowest.tool, w), FUNNEL_STEP * (lowest.stages.length + 1))) - 1);
  }
  return {
    heading: 'brief.h.disadvantages',
    blocks: blocks({ p: { key: 'brief.gapsIntro' } }, singles.length === 0 ? { p: { key: 'brief.noGaps' } } : null, { ul: items }, { charts: shown }, { p: { key: 'brief.notLegal' } }),
  };
}

/** A chart of the report, drawn smaller (two fit side by side on an A4 page); its title is the figure caption. */
function chart(id: string, full: Chart['spec'], width = BRIEF_CHART_WIDTH): Chart {
  const title = typeof full.title === 'object' && full.title !== null && 'text' in full.title ? String(full.title.text) : '';
  const height = 'height' in full && typeof full.height === 'number' ? { height: BRIEF_CHART_HEIGHT } : {};
  const { title: _, ...rest } = full;
  const spec = { ...rest, ...height, width } as Chart['spec'];
  return { id, group: '', title, description: full.description ?? '', spec };
}

function validity(result: AuditResult, w: Words): Section {
  const v = result.validity;
  const study = result.policy.declarations.validationStudy;
  const paragraphs: Text[] = [];
  const shown = v?.stages.filter((s) => s.verdict === 'pass') ?? [];
  const judged = v?.stages.filter((s) => s.verdict === 'warn' || s.verdict === 'fail') ?? [];
  if (shown.length) paragraphs.push({ key: 'brief.validity.shown', vars: { stages: shown.map((s) => `${w.stageText(s.tool, s.stage)} (r = ${w.fix(s.r)})`).join(', ') } });
  if (judged.length) paragraphs.push({ key: 'brief.validity.notShown', vars: { stages: judged.map((s) => `${w.stageText(s.tool, s.stage)} (r = ${w.fix(s.r)})`).join(', ') } });
  if (!shown.length && !judged.length) paragraphs.push({ key: 'brief.validity.noData' });
  paragraphs.push(study ? { key: 'brief.validity.declared', vars: { study } } : { key: 'brief.validity.noStudy' });
  const differential = result.findings.filter((f) => (f.code === 'validity.differential_prediction' || f.code === 'validity.differential_validity') && isFlagged(f)).length;
  if (differential > 0) paragraphs.push({ key: 'brief.validity.differential', vars: { n: w.count(differential) } });
  return { heading: 'brief.h.validity', blocks: ps(paragraphs) };
}

function review(result: AuditResult, w: Words, charts: Chart[]): Section {
  const a = result.automation;
  if (!a) return { heading: 'brief.h.review', blocks: [{ p: { key: 'brief.review.unknown' } }] };
  const rejected = a.stages.reduce((s, x) => s + x.rejected, 0);
  const unreviewed = a.stages.reduce((s, x) => s + x.rejected_unreviewed, 0);
  const unknown = a.stages.reduce((s, x) => s + x.rejected_review_unknown, 0);
  const total: Text = { key: 'brief.review.total', vars: { unreviewed: w.count(unreviewed), rejected: w.count(rejected), share: w.pct(rejected ? unreviewed / rejected : null, 0) } };
  const paragraphs: Text[] = [];
  const items: Text[] = a.stages
    .filter((s) => s.rejected > 0)
    .map((s) => ({ key: 'brief.review.stage', vars: { stage: w.stageText(s.tool, s.stage), unreviewed: w.count(s.rejected_unreviewed), rejected: w.count(s.rejected), share: w.pct(s.arr, 0) } }));
  if (unreviewed > 0) paragraphs.push({ key: 'brief.review.art22' });
  if (unknown > 0) paragraphs.push({ key: 'brief.review.unrecorded', vars: { n: w.count(unknown) } });
  const stamped = a.stages.filter((s) => s.rubber_stamp_risk === 'high' || s.rubber_stamp_risk === 'medium');
  if (stamped.length) paragraphs.push({ key: 'brief.review.rubberStamp', vars: { stages: stamped.map((s) => w.stageText(s.tool, s.stage)).join(', ') } });
  const unequal = result.findings.filter((f) => f.code === 'automation.unequal_automation' && f.status === 'warn');
  if (unequal.length) paragraphs.push({ key: 'brief.review.unequal', vars: { groups: unequal.map((f) => w.groupText(f.subject.groups)).join(', ') } });
  // The chart: the stage with the most unreviewed rejections, by the attribute where it falls most unequally.
  const worst = a.stages.reduce<(typeof a.stages)[number] | null>((m, s) => (m === null || s.rejected_unreviewed > m.rejected_unreviewed ? s : m), null);
  const shown: number[] = [];
  if (worst && worst.rejected_unreviewed > 0) {
    const attribute = unequal.find((f) => f.subject.stage === worst.stage)?.subject.groups;
    const name = attribute ? Object.keys(attribute)[0] : result.dataset.protectedAttributes[0];
    const rows = a.groups.filter((g) => g.tool === worst.tool && g.stage === worst.stage && g.attributes.length === 1 && g.attributes[0] === name);
    if (rows.some((r) => r.arr !== null)) shown.push(charts.push(chart('brief-automated-rejections', automatedRejectionChart(rows, w))) - 1);
  }
  return { heading: 'brief.h.review', blocks: blocks({ p: total }, { ul: items }, ...ps(paragraphs), { charts: shown }) };
}

function unknowns(result: AuditResult, w: Words): Section {
  const items: Text[] = [];
  const has = (code: string) => result.findings.some((f) => f.code === code);
  if (has('validity.no_evidence')) items.push({ key: 'brief.unknown.validity' });
  if (has('reliability.no_evidence')) items.push({ key: 'brief.unknown.reliability' });
  if (has('stability.no_evidence')) items.push({ key: 'brief.unknown.stability' });
  if (!result.similarity) items.push({ key: 'brief.unknown.similarity' });
  const first = [...result.disparity.stages].sort((a, b) => a.order - b.order)[0];
  const missing = first ? Math.max(0, ...Object.values(first.unknown)) : 0;
  if (missing > 0) items.push({ key: 'brief.unknown.groups', vars: { n: w.count(missing), applicants: w.count(first!.n) } });
  const notAssessed = result.findings.filter((f) => f.requirement && f.status === 'not_assessed');
  if (notAssessed.length) {
    const named = notAssessed.slice(0, DECLARATIONS_NAMED).map((f) => `${f.rule.id} (${lowerFirst(f.requirement!.title)})`);
    items.push({ key: 'brief.unknown.declarations', vars: { n: w.count(notAssessed.length), list: named.join('; ') + (notAssessed.length > DECLARATIONS_NAMED ? '; …' : '') } });
  }
  const counts = result.summary.counts;
  return { heading: 'brief.h.unknown', blocks: blocks({ p: { key: 'brief.unknown.intro', vars: { insufficient: w.count(counts.insufficient_evidence), notAssessed: w.count(counts.not_assessed) } } }, { ul: items }) };
}

function consent(result: AuditResult): Section {
  const wor = result.findings.filter((f) => f.requirement?.set === 'wor');
  const given = wor.filter((f) => f.code !== 'requirement.wor.WOR-2' && f.status === 'pass').length;
  const paragraphs: Text[] = [{ key: 'brief.consent.rights' }];
  if (wor.length === 0 || wor.every((f) => f.status === 'not_assessed')) paragraphs.push({ key: 'brief.consent.undeclared' });
  else if (given < wor.length - 1) paragraphs.push({ key: 'brief.consent.open' });
  paragraphs.push({ key: 'brief.consent.nullity' });
  return { heading: 'brief.h.consent', blocks: ps(paragraphs) };
}

function questions(result: AuditResult, w: Words): Section[] {
  const employer: Text[] = [];
  const vendor: Text[] = [];
  const gaps = result.findings.filter((f) => f.code === 'disparity.selection_rate' && isFlagged(f) && single(f));
  const worst = gaps.sort((a, b) => (num(a.evidence['impact_ratio']) ?? 1) - (num(b.evidence['impact_ratio']) ?? 1))[0];
  if (worst) {
    const vars = { group: w.groupText(worst.subject.groups), stage: worst.subject.stage ?? '–' };
    employer.push({ key: 'brief.q.justify', vars });
    vendor.push({ key: 'brief.q.drivers', vars });
  }
  const a = result.automation;
  if (a?.stages.some((s) => s.rejected_unreviewed > 0)) employer.push({ key: 'brief.q.review' });
  if (a?.stages.some((s) => s.rubber_stamp_risk === 'high' || s.rubber_stamp_risk === 'medium')) employer.push({ key: 'brief.q.reviewTime' });
  if (result.policy.declarations.alternativeRoute !== true) employer.push({ key: 'brief.q.alternative' });
  employer.push({ key: 'brief.q.data' });
  employer.push({ key: 'brief.q.monitor' });
  const validityShown = result.validity?.stages.some((s) => s.verdict === 'pass') ?? false;
  if (!validityShown) vendor.push({ key: 'brief.q.validity' });
  if (result.findings.some((f) => f.code === 'requirement.ugesp.UGESP-3B' && f.status === 'warn')) vendor.push({ key: 'brief.q.cutScore' });
  if (result.findings.some((f) => f.code === 'reliability.no_evidence')) vendor.push({ key: 'brief.q.reliability' });
  vendor.push({ key: 'brief.q.changes' });
  return [
    { heading: 'brief.h.employer', blocks: [{ ul: employer }] },
    { heading: 'brief.h.vendor', blocks: [{ ul: vendor }] },
  ];
}

/** The terms the brief uses, each with its one-line explanation. */
const TERMS: readonly ReportKey[] = ['brief.term.rate', 'brief.term.per100', 'brief.term.signal', 'brief.term.validity', 'brief.term.automated', 'brief.term.rubberStamp', 'brief.term.insufficient'];

function brief(result: AuditResult, w: Words): Brief {
  const charts: Chart[] = [];
  const sections = [decides(result, w), disadvantages(result, w, charts), validity(result, w), review(result, w, charts), unknowns(result, w), consent(result), ...questions(result, w)];
  sections.push({ heading: 'brief.h.terms', blocks: [{ ul: TERMS.map((key) => ({ key })) }] });
  return { sections, charts };
}

function heading(result: AuditResult, w: Words) {
  const date = result.policy.auditDate;
  return {
    title: w.t('brief.title', { tools: toolNames(result, w) }),
    meta: w.t('brief.meta', { source: result.dataset.source, date: date ? w.date(date) : '–', version: result.generator.version }),
  };
}

/** Markdown: the charts as their text descriptions (their images come with --format svg or png). */
export function renderBriefMarkdown(result: AuditResult): string {
  const w = wordsFor(result);
  const { sections, charts } = brief(result, w);
  const md = escapeMarkdown;
  // Every filled-in part may quote a group, stage, tool or declaration: escaped before it lands.
  const say = (t: Text) => w.t(t.key, Object.fromEntries(Object.entries(t.vars ?? {}).map(([k, v]) => [k, typeof v === 'string' ? md(v) : v])));
  const h = heading(result, w);
  const out = [`# ${md(h.title)}`, '', `_${md(h.meta)}_`, '', w.t('brief.purpose'), ''];
  for (const s of sections) {
    out.push(`## ${w.t(s.heading)}`, '');
    for (const b of s.blocks) {
      if ('p' in b) out.push(say(b.p), '');
      else if ('ul' in b) out.push(...b.ul.map((i) => `- ${say(i)}`), '');
      else for (const i of b.charts) out.push(`> ${w.t('brief.figure', { n: i + 1, title: md(charts[i]!.title) })} ${md(charts[i]!.description)}`, '');
    }
  }
  out.push(`_${w.t('brief.footer')}_`, '');
  return out.join('\n');
}

/** A section's blocks; a single chart stands beside the section's text (HTML only, so the brief stays two A4 pages). */
function layout(list: Block[], render: (b: Block) => string): string {
  const single = list.find((b) => 'charts' in b && b.charts.length === 1);
  if (single === undefined) return list.map(render).join('\n');
  return html`<div class="with-aside"><div>${list.filter((b) => b !== single).map(render)}</div>${render(single)}</div>`;
}

/** HTML: self-contained like the report, laid out to print on two A4 pages. */
export function renderBriefHtml(result: AuditResult): string {
  const w = wordsFor(result);
  const { sections, charts } = brief(result, w);
  const say = (t: Text) => w.t(t.key, Object.fromEntries(Object.entries(t.vars ?? {}).map(([k, v]) => [k, typeof v === 'string' ? escapeHtml(v) : v])));
  const h = heading(result, w);
  const figure = (i: number) =>
    html`<figure><div class="chart" id="chart-${i}" data-chart="${escapeHtml(charts[i]!.id)}"></div><figcaption>${w.t('brief.figure', { n: i + 1, title: escapeHtml(charts[i]!.title) })}</figcaption></figure>`;
  return html`${documentHead({ lang: w.lang, title: h.title, version: result.generator.version, style: BRIEF_STYLE, charts: charts.length > 0 })}
<body>
<main>
<h1>${escapeHtml(h.title)}</h1>
<p class="meta">${escapeHtml(h.meta)}</p>
<p class="purpose">${w.t('brief.purpose')}</p>
${sections.map((s) => {
  const section = html`<section class="${s.heading.replace('brief.h.', '')}">
<h2>${w.t(s.heading)}</h2>
${layout(s.blocks, (b) => ('p' in b ? html`<p>${say(b.p)}</p>` : 'ul' in b ? html`<ul>${b.ul.map((i) => html`<li>${say(i)}</li>`)}</ul>` : html`<div class="charts">${b.charts.map(figure)}</div>`))}
</section>`;
  // The questions to the employer and to the vendor side by side
  return s.heading === 'brief.h.employer' ? `<div class="questions">${section}` : s.heading === 'brief.h.vendor' ? `${section}</div>` : section;
})}
<p class="footer">${w.t('brief.footer')}</p>
</main>
${chartsBoot(charts, w)}
</body>
</html>
`;
}
