import type { AutomationGroup, AutomationSection } from '../../contract/sections/automation.js';
import type { Policy } from '../../contract/policy.js';
import { holmAdjust } from '../../stats/index.js';
import { groupings, stageId } from '../group-frame.js';
import type { FamilyContext } from '../family.js';
import { resolvesSeconds } from './batch.js';
import { groupRows, groupTotals, type PendingGroup } from './groups.js';
import { BATCH, DWELL, RUBBER_STAMP } from './rules.js';
import type { AutomationAggregates, AutomationCell } from './scan.js';
import { stageRow, sumCells } from './stage.js';

interface StageCells {
  tool: string | null;
  stage: string;
  cells: AutomationCell[];
  n: number;
}

/** Funnel order as the disparity section: the policy's stage list, then larger stages first, then name. */
function orderStages(cells: readonly AutomationCell[], policy: Policy): StageCells[] {
  const by = new Map<string, StageCells>();
  for (const c of cells) {
    const s = by.get(stageId(c.tool, c.stage)) ?? { tool: c.tool, stage: c.stage, cells: [], n: 0 };
    s.cells.push(c);
    s.n += c.n;
    by.set(stageId(c.tool, c.stage), s);
  }
  const declared = policy.stages ?? [];
  const rank = (s: StageCells) => (declared.includes(s.stage) ? declared.indexOf(s.stage) : declared.length);
  return [...by.values()].sort(
    (a, b) => (a.tool ?? '').localeCompare(b.tool ?? '') || rank(a) - rank(b) || b.n - a.n || (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0),
  );
}

/** Review-time histograms keyed by stage, attribute index and value (value '' for the whole stage). */
function histograms(agg: AutomationAggregates): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const d of agg.dwell) {
    const keys = [`${stageId(d.tool, d.stage)}\u0000${d.attribute}\u0000${d.value ?? ''}`];
    // The whole stage: the first attribute's values summed (every row has one value), or the attribute-free query.
    if (d.attribute <= 0) keys.push(`${stageId(d.tool, d.stage)}\u0000stage`);
    for (const key of keys) {
      const h = out.get(key) ?? new Array<number>(DWELL.bins).fill(0);
      h[d.bin] = (h[d.bin] ?? 0) + d.n;
      out.set(key, h);
    }
  }
  return out;
}

function batchNote(agg: AutomationAggregates): { note: string | null; usable: boolean } {
  if (agg.times === null) return { note: 'not assessed: needs reviewer_id and decided_at', usable: false };
  if (agg.times.decisionsTotal === 0) return { note: 'not assessed: no reviewed decision has a reviewer and a decided_at', usable: false };
  if (!resolvesSeconds(agg.times.seconds)) return { note: 'not assessed: decided_at carries no time finer than a minute (dates only?), so gaps of seconds cannot be seen', usable: false };
  const t = agg.times;
  if (t.daysUsed < t.daysTotal) {
    return { note: `estimated on a seeded sample of ${t.daysUsed} of ${t.daysTotal} days (${t.decisionsUsed} of ${t.decisionsTotal} reviewed decisions; at most ${BATCH.maxDecisions} are scanned)`, usable: true };
  }
  return { note: null, usable: true };
}

/** Holm over one kind of comparison across the audit, then that kind's verdicts. */
function judge(pending: readonly PendingGroup[], kind: 'arr' | 'short' | 'human', policy: Policy): void {
  const pKey = kind === 'human' ? 'human_cmh_p' : (`${kind}_fisher_p` as const);
  const adjusted = holmAdjust(pending.map((p) => p.row[pKey]));
  pending.forEach((p, i) => {
    const row = p.row;
    const holm = adjusted[i] ?? null;
    row[`${kind}_holm_p`] = holm;
    if (row[pKey] === null) {
      if (row[`${kind}_verdict_rule`] === '') row[`${kind}_verdict_rule`] = 'not compared';
      return;
    }
    const [label, worse] = verdictTerms(row, kind);
    const sig = holm !== null && holm < policy.alpha;
    const test = `Holm-adjusted p ${holm === null ? 'n/a' : holm.toPrecision(3)} ${sig ? '<' : '>='} ${policy.alpha}`;
    if (sig && worse) {
      row[`${kind}_verdict`] = 'warn';
      row[`${kind}_verdict_rule`] = `warn: ${label} and ${test} (requirements Q9 [C])`;
    } else if (p.sizes[kind] < policy.minGroupSize) {
      row[`${kind}_verdict`] = 'insufficient_evidence';
      row[`${kind}_verdict_rule`] = `insufficient evidence: ${p.sizes[kind]} decisions compared < minimum group size ${policy.minGroupSize}; ${test}`;
    } else {
      row[`${kind}_verdict`] = 'pass';
      row[`${kind}_verdict_rule`] = `pass: ${sig ? `${test}, but the group is not the one disadvantaged` : test}`;
    }
  });
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

/** The disadvantage each test looks for, and whether this group shows it. */
function verdictTerms(row: AutomationGroup, kind: 'arr' | 'short' | 'human'): [string, boolean] {
  if (kind === 'arr') return [`ARR ${pct(row.arr)} vs ${pct(row.arr_rest)} for the rest`, (row.arr ?? 0) > (row.arr_rest ?? 0)];
  if (kind === 'short') return [`${pct(row.short_share)} of reviewed rejections under the minimum review time vs ${pct(row.short_rest)}`, (row.short_share ?? 0) > (row.short_rest ?? 0)];
  return [`Mantel-Haenszel odds ratio of advancing after review ${row.human_odds_ratio?.toFixed(3) ?? 'n/a'} vs the rest`, row.human_odds_ratio !== null && row.human_odds_ratio < 1];
}

/**
 * The automation section: per stage the ARR, review-time distribution, overrides, adherence,
 * reviewers, batch index, rubber-stamp rating and AVG-22 verdict; per group the ARR, rubber-
 * stamped rejections and reviewers' decisions against the rest, Holm-adjusted per kind of test.
 */
export function finalizeAutomation(agg: AutomationAggregates, ctx: FamilyContext): AutomationSection {
  const { policy } = ctx;
  const attributes = ctx.dataset.protectedAttributes;
  const hists = histograms(agg);
  const batch = batchNote(agg);
  const section: AutomationSection = {
    thresholds: {
      min_review_seconds: policy.automation.minReviewSeconds,
      low_override_rate: RUBBER_STAMP.lowOverrideRate,
      high_adherence: RUBBER_STAMP.highAdherence,
      min_reviews: RUBBER_STAMP.minReviews,
      never_override_reviews: RUBBER_STAMP.neverOverrideReviews,
      spread_min_reviews: RUBBER_STAMP.spreadMinReviews,
      batch_gap_seconds: BATCH.gapSeconds,
      batch_min_run: BATCH.minRun,
      batch_index: BATCH.index,
      signal_alpha: policy.alpha / 2,
      alpha: policy.alpha,
      source: `${RUBBER_STAMP.source}; ${BATCH.source}`,
    },
    dwell_method: `review_seconds histogram with ${DWELL.width}-second bins from ${DWELL.lo} s; ${DWELL.bins - 1} s and longer share the top bin (a quantile there reads as ${DWELL.bins - 1}); quantiles by Hyndman-Fan definition 2 (the median is the usual median): exact for whole-second times, otherwise rounded down to the second`,
    stages: [],
    groups: [],
  };
  const pending: PendingGroup[] = [];
  for (const s of orderStages(agg.cells, policy)) {
    const id = stageId(s.tool, s.stage);
    const totals = sumCells(s.cells);
    section.stages.push(
      stageRow({
        tool: s.tool,
        stage: s.stage,
        totals,
        hist: hists.get(`${id}\u0000stage`) ?? [],
        reviewers: agg.reviewers.filter((r) => stageId(r.tool, r.stage) === id),
        seconds: batch.usable ? agg.times!.seconds.filter((x) => stageId(x.tool, x.stage) === id) : null,
        batchNote: batch.note,
        cols: agg.columns,
        policy,
      }),
    );
    for (const set of groupings(attributes, policy.intersectional)) {
      const names = set.map((i) => attributes[i]!);
      const dwell = set.length === 1 && agg.columns.seconds ? (g: { key: Record<string, string> }) => hists.get(`${id}\u0000${set[0]}\u0000${g.key[names[0]!]}`) ?? [] : null;
      pending.push(...groupRows(s.tool, s.stage, names, groupTotals(s.cells, attributes, set), totals, dwell, agg.columns.override, policy));
    }
  }
  for (const kind of ['arr', 'short', 'human'] as const) judge(pending, kind, policy);
  section.groups = pending.map((p) => p.row);
  return section;
}
