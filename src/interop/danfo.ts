/**
 * danfojs DataFrame interop, kept at the edge: the engine never needs danfo, and danfo (with its
 * TensorFlow.js load) is only imported when a caller passes or asks for a DataFrame.
 *
 * The frames are flat views of AuditResult sections for notebooks: one row per table row of the
 * section, group keys joined into one label ("female × group_b"), 95% intervals split into
 * `<name>_lo` / `<name>_hi`. Every frame has the same columns whether or not the section is present
 * (an absent section gives an empty frame), so notebook code does not branch on the data.
 */
import type { DataFrame } from 'danfojs-node';
import type { AuditResult } from '../audit/contract/audit-result.js';
import type { DatasetSource } from '../audit/ingest/source.js';
import { escapeHtml } from '../reports/escape.js';

/** A DataFrame as an audit source: its rows become records, checked like any file. */
export function dataFrameSource(df: DataFrame, name = 'dataframe'): DatasetSource {
  const columns = df.columns;
  const records = (df.values as unknown[][]).map((row) =>
    Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])),
  );
  return { kind: 'records', records, name };
}

type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;
type GroupKey = Readonly<Record<string, string>>;

/** {"gender":"female","ethnicity":"group_b"} -> "female × group_b"; null -> "". */
const groupLabel = (g: GroupKey | null) => (g === null ? '' : Object.values(g).join(' × '));
const lo = (ci: readonly [number, number] | null) => ci?.[0] ?? null;
const hi = (ci: readonly [number, number] | null) => ci?.[1] ?? null;

/** Rows into a DataFrame with exactly these columns, in this order (also when there are no rows). */
async function toFrame(columns: readonly string[], rows: readonly Row[]): Promise<DataFrame> {
  const dfd = await import('danfojs-node');
  return new dfd.DataFrame(
    rows.map((r) => columns.map((c) => r[c] ?? null)),
    { columns: [...columns] },
  );
}

const DISPARITY_COLUMNS = ['tool', 'stage', 'attributes', 'group', 'reference', 'n', 'selected', 'rate', 'impact_ratio', 'fisher_p', 'holm_p', 'verdict'] as const;

/** The selection-rate rows of a result as a DataFrame (one row per stage x group), for notebooks. */
export async function disparityFrame(result: AuditResult): Promise<DataFrame> {
  const rows = result.disparity.rows.map((r) => ({
    tool: r.tool ?? '',
    stage: r.stage,
    attributes: r.attributes.join(' × '),
    group: groupLabel(r.groups),
    reference: groupLabel(r.reference),
    n: r.n,
    selected: r.selected,
    rate: r.rate,
    impact_ratio: r.impact_ratio,
    fisher_p: r.fisher_p,
    holm_p: r.holm_p,
    verdict: r.verdict,
  }));
  return toFrame(DISPARITY_COLUMNS, rows);
}

const CUT_SCORE_COLUMNS = ['tool', 'stage', 'attributes', 'group', 'cut', 'n', 'rate', 'impact_ratio'] as const;

/**
 * The impact ratio as a function of the cut score (disparity.cut_scores), long format: one row per
 * curve x group x cut. `rate` is the share of the group scoring at or above `cut`, `impact_ratio`
 * that share over the highest group's share at the same cut.
 */
export async function cutScoreFrame(result: AuditResult): Promise<DataFrame> {
  const rows: Row[] = [];
  for (const curve of result.disparity.cut_scores) {
    for (const g of curve.groups) {
      curve.cuts.forEach((cut, i) => {
        rows.push({
          tool: curve.tool ?? '',
          stage: curve.stage,
          attributes: curve.attributes.join(' × '),
          group: groupLabel(g.groups),
          cut,
          n: g.n,
          rate: g.rates[i] ?? null,
          impact_ratio: g.impact_ratios[i] ?? null,
        });
      });
    }
  }
  return toFrame(CUT_SCORE_COLUMNS, rows);
}

const FINDING_COLUMNS = ['code', 'status', 'requirement_set', 'requirement', 'tool', 'stage', 'group', 'reference', 'rule', 'threshold', 'kind', 'source', 'message'] as const;

/**
 * Every finding, in the result's order. Requirement verdicts (code requirement.<set>.<id>) carry
 * their rule set and title in `requirement_set` and `requirement`; metric findings leave them "".
 */
export async function findingsFrame(result: AuditResult): Promise<DataFrame> {
  const rows = result.findings.map((f) => ({
    code: f.code,
    status: f.status,
    requirement_set: f.requirement?.set ?? '',
    requirement: f.requirement?.title ?? '',
    tool: f.subject.tool ?? '',
    stage: f.subject.stage ?? '',
    group: groupLabel(f.subject.groups),
    reference: groupLabel(f.subject.reference),
    rule: f.rule.id,
    threshold: f.rule.threshold,
    kind: f.rule.kind,
    source: f.rule.source,
    message: f.message,
  }));
  return toFrame(FINDING_COLUMNS, rows);
}

const VALIDITY_STAGE_COLUMNS = ['tool', 'stage', 'applicants', 'n', 'r', 'r_lo', 'r_hi', 'p', 'r_corrected_range', 'spearman_rho', 'auc', 'rating', 'n_needed', 'verdict'] as const;
const VALIDITY_GROUP_COLUMNS = ['tool', 'stage', 'attribute', 'group', 'reference', 'n', 'r', 'r_lo', 'r_hi', 'z', 'holm_p', 'excluded', 'verdict'] as const;

/** Criterion validity per stage and per group (validity section; empty frames without a criterion). */
export async function validityFrames(result: AuditResult): Promise<{ stages: DataFrame; groups: DataFrame }> {
  const v = result.validity;
  const stages = (v?.stages ?? []).map((s) => ({
    tool: s.tool ?? '',
    stage: s.stage,
    applicants: s.applicants,
    n: s.n,
    r: s.r,
    r_lo: lo(s.r_ci),
    r_hi: hi(s.r_ci),
    p: s.p,
    r_corrected_range: s.r_corrected_range,
    spearman_rho: s.spearman_rho,
    auc: s.auc,
    rating: s.rating,
    n_needed: s.n_needed,
    verdict: s.verdict,
  }));
  const groups = (v?.groups ?? []).map((g) => ({
    tool: g.tool ?? '',
    stage: g.stage,
    attribute: g.attribute,
    group: g.group,
    reference: g.reference ?? '',
    n: g.n,
    r: g.r,
    r_lo: lo(g.r_ci),
    r_hi: hi(g.r_ci),
    z: g.z,
    holm_p: g.holm_p,
    excluded: g.excluded ?? '',
    verdict: g.verdict ?? '',
  }));
  return { stages: await toFrame(VALIDITY_STAGE_COLUMNS, stages), groups: await toFrame(VALIDITY_GROUP_COLUMNS, groups) };
}

const AUTOMATION_STAGE_COLUMNS = [
  'tool', 'stage', 'n', 'rejected', 'rejected_unreviewed', 'rejected_review_unknown', 'arr', 'arr_lo', 'arr_hi', 'reviewed',
  'review_seconds_median', 'short_share', 'override_rate', 'adherence', 'batch_index', 'agreement_signal', 'dwell_signal',
  'batch_signal', 'rubber_stamp_risk', 'verdict',
] as const;
const AUTOMATION_GROUP_COLUMNS = [
  'tool', 'stage', 'attributes', 'group', 'n', 'rejected', 'rejected_unreviewed', 'arr', 'arr_rest', 'arr_holm_p', 'arr_verdict',
  'short_share', 'short_rest', 'short_verdict', 'tool_impact_ratio', 'final_impact_ratio', 'human_odds_ratio', 'human_verdict',
] as const;
const REVIEWER_COLUMNS = ['tool', 'stage', 'reviewer_id', 'reviews', 'overrides', 'override_rate', 'short_reviews', 'timed', 'never_overrides', 'batch_index'] as const;

/**
 * Automated rejections and review quality (GDPR/AVG art. 22): per stage (ARR = unreviewed share of
 * the rejections, the rubber-stamp signals and risk), per protected group, and per reviewer.
 * Empty frames when the data has no reviewed_by_human column.
 */
export async function automationFrames(result: AuditResult): Promise<{ stages: DataFrame; groups: DataFrame; reviewers: DataFrame }> {
  const a = result.automation;
  const stages = (a?.stages ?? []).map((s) => ({
    tool: s.tool ?? '',
    stage: s.stage,
    n: s.n,
    rejected: s.rejected,
    rejected_unreviewed: s.rejected_unreviewed,
    rejected_review_unknown: s.rejected_review_unknown,
    arr: s.arr,
    arr_lo: lo(s.arr_ci),
    arr_hi: hi(s.arr_ci),
    reviewed: s.reviewed,
    review_seconds_median: s.review_seconds_median,
    short_share: s.short_share,
    override_rate: s.override_rate,
    adherence: s.adherence,
    batch_index: s.batch_index,
    agreement_signal: s.agreement_signal,
    dwell_signal: s.dwell_signal,
    batch_signal: s.batch_signal,
    rubber_stamp_risk: s.rubber_stamp_risk,
    verdict: s.verdict,
  }));
  const groups = (a?.groups ?? []).map((g) => ({
    tool: g.tool ?? '',
    stage: g.stage,
    attributes: g.attributes.join(' × '),
    group: groupLabel(g.groups),
    n: g.n,
    rejected: g.rejected,
    rejected_unreviewed: g.rejected_unreviewed,
    arr: g.arr,
    arr_rest: g.arr_rest,
    arr_holm_p: g.arr_holm_p,
    arr_verdict: g.arr_verdict,
    short_share: g.short_share,
    short_rest: g.short_rest,
    short_verdict: g.short_verdict,
    tool_impact_ratio: g.tool_impact_ratio,
    final_impact_ratio: g.final_impact_ratio,
    human_odds_ratio: g.human_odds_ratio,
    human_verdict: g.human_verdict,
  }));
  const reviewers = (a?.stages ?? []).flatMap((s) =>
    s.reviewers.map((r) => ({
      tool: s.tool ?? '',
      stage: s.stage,
      reviewer_id: r.reviewer_id,
      reviews: r.reviews,
      overrides: r.overrides,
      override_rate: r.override_rate,
      short_reviews: r.short_reviews,
      timed: r.timed,
      never_overrides: r.never_overrides,
      batch_index: r.batch_index,
    })),
  );
  return {
    stages: await toFrame(AUTOMATION_STAGE_COLUMNS, stages),
    groups: await toFrame(AUTOMATION_GROUP_COLUMNS, groups),
    reviewers: await toFrame(REVIEWER_COLUMNS, reviewers),
  };
}

const SIMILARITY_UNIT_COLUMNS = [
  'tool', 'stage', 'n_pool', 'n_selected', 'metric', 'pool_mean_distance', 'selected_mean_distance', 'rejected_mean_distance',
  'coupling_rho', 'coupling_p', 'partial_rho', 'coupling_verdict', 'h', 'h_lo', 'h_hi', 'homogeneity_verdict',
] as const;
const TRAIT_COLUMNS = ['tool', 'stage', 'trait', 'pool_mean', 'pool_sd', 'benchmark_z', 'selected_z', 'variance_ratio', 'used'] as const;
const CLONE_COLUMNS = ['tool', 'stage', 'quintile', 'distance_from', 'distance_to', 'n', 'selected', 'rate', 'rate_lo', 'rate_hi'] as const;
const MIRROR_COLUMNS = [
  'tool', 'stage', 'attribute', 'group', 'pool_share', 'selected_share', 'benchmark_share', 'representation_ratio',
  'representation_p', 'selection_p', 'closer_to_benchmark', 'verdict', 'diversity_change', 'diversity_verdict',
] as const;
const PROBE_COLUMNS = ['tool', 'stage', 'attribute', 'group', 'n_positive', 'n_negative', 'auc', 'auc_lo', 'auc_hi', 'verdict'] as const;

/**
 * Similar-to-me (requirements Q8) per tool x stage: `units` (resemblance, coupling of the score
 * with resemblance, homogeneity ratio), `traits` (the benchmark profile in pool SDs), `cloneCurve`
 * (selection rate by resemblance quintile, 1 = most like the benchmark), `mirror` (pool, selected
 * and benchmark composition per group) and `probe` (cross-validated AUC of the traits predicting
 * each group). Empty frames without trait_* columns.
 */
export async function similarityFrames(
  result: AuditResult,
): Promise<{ units: DataFrame; traits: DataFrame; cloneCurve: DataFrame; mirror: DataFrame; probe: DataFrame }> {
  const s = result.similarity;
  const units = s?.units ?? [];
  const where = (u: { tool: string | null; stage: string }) => ({ tool: u.tool ?? '', stage: u.stage });
  const unitRows = units.map((u) => ({
    ...where(u),
    n_pool: u.n_pool,
    n_selected: u.n_selected,
    metric: u.resemblance?.metric ?? '',
    pool_mean_distance: u.resemblance?.pool_mean_distance ?? null,
    selected_mean_distance: u.resemblance?.selected_mean_distance ?? null,
    rejected_mean_distance: u.resemblance?.rejected_mean_distance ?? null,
    coupling_rho: u.coupling?.rho ?? null,
    coupling_p: u.coupling?.p ?? null,
    partial_rho: u.coupling?.partial?.rho ?? null,
    coupling_verdict: u.coupling?.verdict ?? '',
    h: u.homogeneity.h,
    h_lo: lo(u.homogeneity.h_ci),
    h_hi: hi(u.homogeneity.h_ci),
    homogeneity_verdict: u.homogeneity.verdict,
  }));
  const traits = units.flatMap((u) => u.traits.map((t) => ({ ...where(u), ...t })));
  const clones = units.flatMap((u) =>
    u.clone_curve.map((q) => ({
      ...where(u),
      quintile: q.quintile,
      distance_from: q.distance_from,
      distance_to: q.distance_to,
      n: q.n,
      selected: q.selected,
      rate: q.rate,
      rate_lo: lo(q.rate_ci),
      rate_hi: hi(q.rate_ci),
    })),
  );
  const mirror = units.flatMap((u) =>
    u.mirror.flatMap((m) =>
      m.groups.map((g) => ({
        ...where(u),
        attribute: m.attribute,
        group: g.group,
        pool_share: g.pool_share,
        selected_share: g.selected_share,
        benchmark_share: g.benchmark_share,
        representation_ratio: g.representation_ratio,
        representation_p: g.representation_p,
        selection_p: g.selection_p,
        closer_to_benchmark: m.closer_to_benchmark,
        verdict: m.verdict,
        diversity_change: m.diversity_change,
        diversity_verdict: m.diversity_verdict,
      })),
    ),
  );
  const probe = (s?.proxy_probe?.probes ?? []).flatMap((p) =>
    p.targets.map((t) => ({
      ...where(p),
      attribute: p.attribute,
      group: t.group,
      n_positive: t.n_positive,
      n_negative: t.n_negative,
      auc: t.auc,
      auc_lo: lo(t.auc_ci),
      auc_hi: hi(t.auc_ci),
      verdict: p.verdict,
    })),
  );
  return {
    units: await toFrame(SIMILARITY_UNIT_COLUMNS, unitRows),
    traits: await toFrame(TRAIT_COLUMNS, traits),
    cloneCurve: await toFrame(CLONE_COLUMNS, clones),
    mirror: await toFrame(MIRROR_COLUMNS, mirror),
    probe: await toFrame(PROBE_COLUMNS, probe),
  };
}

export interface FrameHtmlOptions {
  /** A caption above the table. */
  caption?: string;
  /** Significant digits of non-integer numbers (default 4). */
  digits?: number;
  /** Rows shown; the rest are counted in a last line (default 60). */
  maxRows?: number;
}

function cellText(value: unknown, digits: number): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(digits)));
  return String(value);
}

/**
 * A DataFrame as an HTML table for a notebook (tslab's display.html) or a page. Every header and
 * cell is escaped: group values, stage and tool names come from the audited data.
 */
export function frameHtml(df: DataFrame, options: FrameHtmlOptions = {}): string {
  const { caption, digits = 4, maxRows = 60 } = options;
  const columns = df.columns.map(String);
  const values = df.values as unknown[][];
  const shown = values.slice(0, maxRows);
  const numeric = columns.map((_, i) => shown.some((r) => typeof r[i] === 'number'));
  // Numbers right, text left (Jupyter's stylesheet right-aligns every cell).
  const align = (i: number) => ` style="text-align:${numeric[i] ? 'right' : 'left'}"`;
  const head = columns.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join('');
  const body = shown.map((r) => `<tr>${columns.map((_, i) => `<td${align(i)}>${escapeHtml(cellText(r[i], digits))}</td>`).join('')}</tr>`);
  if (values.length > shown.length) body.push(`<tr><td colspan="${columns.length}">… ${values.length - shown.length} more rows</td></tr>`);
  const cap = caption === undefined ? '' : `<caption>${escapeHtml(caption)}</caption>`;
  return `<table>${cap}<thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}
