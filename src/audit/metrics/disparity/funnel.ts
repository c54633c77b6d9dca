import type { DisparitySection } from '../../contract/audit-result.js';
import type { Policy } from '../../contract/policy.js';
import { chooseReference } from '../group-frame.js';
import { type StratumCounts, stratifiedStats } from '../two-by-two.js';
import { exclusionOf, type GroupAgg } from './groups.js';

type FunnelRow = DisparitySection['funnel'][number];
type CmhRow = DisparitySection['cmh'][number];

/** One group's aggregates at each stage, in funnel order (missing stage = no candidates). */
interface GroupAcrossStages {
  key: Record<string, string>;
  label: string;
  perStage: { stage: string; agg: GroupAgg | undefined }[];
}

function acrossStages(stages: readonly { stage: string; groups: readonly GroupAgg[] }[], policy: Policy): GroupAcrossStages[] {
  const first = stages[0];
  if (!first) return [];
  const knownTotal = first.groups.filter((g) => !g.unknown).reduce((a, g) => a + g.n, 0);
  const labels = new Map<string, Record<string, string>>();
  for (const s of stages) {
    for (const g of s.groups) if (!g.unknown && !labels.has(g.label)) labels.set(g.label, g.key);
  }
  return [...labels.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, key]) => ({
      key,
      label,
      perStage: stages.map((s) => ({ stage: s.stage, agg: s.groups.find((g) => g.label === label) })),
    }))
    .filter((g) => {
      const entry = g.perStage[0]?.agg;
      return entry !== undefined && exclusionOf(entry, knownTotal, policy) === null;
    });
}

/**
 * The multi-stage funnel (UGESP 1607.4(C) "bottom line", requirements Q1): each group's
 * cumulative selection rate is the product of its stage pass rates from the first stage to the
 * last, which equals hired / entered for linked candidate rows and also works for summary tables.
 */
export function funnelRows(
  tool: string | null,
  attributes: string[],
  stages: readonly { stage: string; groups: readonly GroupAgg[] }[],
  policy: Policy,
): FunnelRow[] {
  const groups = acrossStages(stages, policy).map((g) => {
    let cumulative: number | null = 1;
    const perStage = g.perStage.map(({ stage, agg }) => {
      const n = agg?.n ?? 0;
      const selected = agg?.selected ?? 0;
      const rate = n > 0 ? selected / n : null;
      if (cumulative !== null && cumulative > 0) cumulative = rate === null ? null : cumulative * rate;
      return { stage, n, selected, rate };
    });
    return { g, perStage, cumulative, entered: perStage[0]?.n ?? 0 };
  });
  const ref = chooseReference(
    groups.map((x) => ({ ...x, key: x.g.key, label: x.g.label })),
    (x) => x.cumulative,
    (x) => x.entered,
    policy,
  );
  return groups.map((x) => {
    const isRef = ref !== null && ref.g === x.g;
    const ir = ref && ref.cumulative && x.cumulative !== null ? x.cumulative / ref.cumulative : null;
    return {
      tool,
      attributes,
      groups: x.g.key,
      stages: x.perStage,
      cumulative_rate: x.cumulative,
      impact_ratio: ir,
      four_fifths: 'insufficient', // judged by the rules from the entered counts
      is_reference: isRef,
    };
  });
}

/**
 * Cochran–Mantel–Haenszel per attribute, pooling the stages as strata (requirements Q4): one
 * focal-vs-reference odds ratio that is not confounded by stage composition (Simpson's paradox,
 * as in the Berkeley admissions data), both CMH statistics, Breslow–Day with Tarone's adjustment
 * and each stage's odds ratio. Reference = highest pooled rate (or the named group).
 */
export function cmhRows(
  tool: string | null,
  attribute: string,
  stages: readonly { stage: string; groups: readonly GroupAgg[] }[],
  policy: Policy,
): CmhRow[] {
  if (stages.length < 2) return [];
  const pooled = new Map<string, { key: Record<string, string>; label: string; n: number; selected: number }>();
  for (const s of stages) {
    for (const g of s.groups) {
      if (g.unknown) continue;
      const p = pooled.get(g.label) ?? { key: g.key, label: g.label, n: 0, selected: 0 };
      p.n += g.n;
      p.selected += g.selected;
      pooled.set(g.label, p);
    }
  }
  const candidates = [...pooled.values()].sort((a, b) => (a.label < b.label ? -1 : 1));
  const ref = chooseReference(candidates, (p) => (p.n > 0 ? p.selected / p.n : null), (p) => p.n, policy);
  if (!ref) return [];
  return candidates
    .filter((p) => p !== ref)
    .flatMap((p) => {
      const counts: StratumCounts[] = [];
      for (const s of stages) {
        const g = s.groups.find((x) => x.label === p.label);
        const r = s.groups.find((x) => x.label === ref.label);
        if (!g || !r || g.n === 0 || r.n === 0) continue;
        counts.push({ stratum: s.stage, n: g.n, selected: g.selected, referenceN: r.n, referenceSelected: r.selected });
      }
      const res = stratifiedStats(counts, policy.conventions);
      return res ? [{ tool, attribute, group: p.label, reference: ref.label, ...res }] : [];
    });
}
