import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import type { Policy } from '../../contract/policy.js';
import type { SimilaritySection } from '../../contract/sections/similarity.js';
import { chiSquareIndependence } from '../../stats/chi-square-rxc.js';
import { giniSimpson, jensenShannonDivergence } from '../../stats/divergence.js';
import { fisherExact2x2 } from '../../stats/fisher-exact.js';
import type { BenchmarkAggregates, CompositionCell } from './scan.js';
import { fmt, type Judged } from './verdict.js';

type Mirror = SimilaritySection['units'][number]['mirror'][number];
type MirrorGroup = Mirror['groups'][number];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const share = (x: number, n: number) => (n > 0 ? x / n : null);

/**
 * Demographic mirror and diversity loss of one attribute at one tool x stage (Q8, AI Act art.
 * 10(3)): group shares of the pool, the selected and the benchmark (known values only; unknown
 * counted apart), Jensen-Shannon divergence of the selected from the benchmark and from the pool,
 * representation ratio share_B / share_pool with a one-sided Fisher test, whether the selected
 * under-represent the same group (one-sided Fisher, selected vs rejected), and the Gini-Simpson
 * diversity of selected vs pool with a chi-square test of selected x group.
 */
export function mirror(attribute: string, a: number, cells: readonly CompositionCell[], benchmark: BenchmarkAggregates | null, policy: Policy): Mirror {
  const count = (rows: readonly { values: string[]; n: number }[], keep: (r: { values: string[] }) => boolean = () => true) => {
    const m = new Map<string, number>();
    for (const r of rows) if (keep(r)) m.set(r.values[a]!, (m.get(r.values[a]!) ?? 0) + r.n);
    return m;
  };
  const pool = count(cells);
  const sel = count(cells, (r) => (r as CompositionCell).selected === 1);
  const bench = benchmark ? count(benchmark.composition) : new Map<string, number>();
  const groups = [...new Set([...pool.keys(), ...bench.keys()])].filter((g) => g !== UNKNOWN_GROUP).sort(byText);
  const get = (m: Map<string, number>, g: string) => m.get(g) ?? 0;
  const nPool = groups.reduce((s, g) => s + get(pool, g), 0);
  const nSel = groups.reduce((s, g) => s + get(sel, g), 0);
  const nBench = groups.reduce((s, g) => s + get(bench, g), 0);
  const rows: MirrorGroup[] = groups.map((g) => {
    const [x, s, b] = [get(pool, g), get(sel, g), get(bench, g)];
    const rr = nBench > 0 && x > 0 ? share(b, nBench)! / share(x, nPool)! : null;
    return {
      group: g,
      pool_n: x,
      pool_share: share(x, nPool),
      selected_n: s,
      selected_share: share(s, nSel),
      benchmark_n: b,
      benchmark_share: nBench > 0 ? share(b, nBench) : null,
      representation_ratio: rr,
      representation_p: nBench > 0 && nPool > 0 ? fisherExact2x2(b, nBench - b, x, nPool - x, 'less') : null,
      selection_p: nSel > 0 && nPool > nSel ? fisherExact2x2(s, nSel - s, x - s, nPool - nSel - (x - s), 'less') : null,
    };
  });
  const vec = (m: Map<string, number>) => groups.map((g) => get(m, g));
  const jsBench = nSel > 0 && nBench > 0 ? jensenShannonDivergence(vec(sel), vec(bench)) : null;
  const jsPool = nSel > 0 && nPool > 0 ? jensenShannonDivergence(vec(sel), vec(pool)) : null;
  const closer = jsBench !== null && jsPool !== null ? jsBench < jsPool : null;
  const mirrorJudged = mirrorVerdict(rows, closer, nSel, nBench, policy);
  const dPool = nPool > 0 ? giniSimpson(vec(pool)) : null;
  const dSel = nSel > 0 ? giniSimpson(vec(sel)) : null;
  const test = nSel > 0 && nPool > nSel ? chiSquareIndependence([vec(sel), groups.map((g) => get(pool, g) - get(sel, g))]) : null;
  const change = dPool !== null && dSel !== null ? dSel - dPool : null;
  const diversityJudged = diversityVerdict(change, test?.p ?? null, groups.filter((g) => get(pool, g) > 0).length, nSel, policy);
  return {
    attribute,
    groups: rows,
    pool_unknown: get(pool, UNKNOWN_GROUP),
    benchmark_unknown: get(bench, UNKNOWN_GROUP),
    js_selected_benchmark: jsBench,
    js_selected_pool: jsPool,
    closer_to_benchmark: closer,
    verdict: mirrorJudged.status,
    verdict_rule: mirrorJudged.rule,
    diversity_pool: dPool,
    diversity_selected: dSel,
    diversity_change: change,
    independence_chi2: test?.statistic ?? null,
    independence_df: test?.df ?? null,
    independence_p: test?.p ?? null,
    diversity_verdict: diversityJudged.status,
    diversity_rule: diversityJudged.rule,
  };
}

/**
 * Q8 [C]: warn if the selected are closer to the benchmark than to the pool (JS divergence) and
 * some group is under-represented in the benchmark (share_B / share_pool < thresholds.
 * representationRatio, one-sided Fisher p < alpha) and also among the selected (one-sided Fisher
 * p < alpha, selected vs rejected); insufficient evidence with fewer than minGroupSize selected
 * or benchmark candidates of known value; else pass. The two significance tests keep a small
 * benchmark's sampling noise from raising the flag.
 */
export function mirrorVerdict(rows: readonly MirrorGroup[], closer: boolean | null, nSelected: number, nBenchmark: number, policy: Policy): Judged {
  const t = policy.thresholds.representationRatio;
  const a = policy.alpha;
  if (nBenchmark === 0) return { status: 'not_assessed', rule: 'not assessed: no benchmark candidate has a known value of this attribute' };
  if (nSelected < policy.minGroupSize || nBenchmark < policy.minGroupSize) {
    return { status: 'insufficient_evidence', rule: `insufficient evidence: ${nSelected} selected and ${nBenchmark} benchmark candidates of known value (minimum ${policy.minGroupSize} each)` };
  }
  const mirrored = rows.filter(
    (r) => r.representation_ratio !== null && r.representation_ratio < t && (r.representation_p ?? 1) < a && (r.selection_p ?? 1) < a,
  );
  if (closer === true && mirrored.length > 0) {
    const g = mirrored[0]!;
    return {
      status: 'warn',
      rule: `warn: the selected are closer to the benchmark than to the pool (Jensen-Shannon) and ${g.group} has representation ratio ${fmt(g.representation_ratio!)} < ${t} (Fisher p ${fmt(g.representation_p!)} < ${a}) and is under-selected (Fisher p ${fmt(g.selection_p!)} < ${a}) (Q8)`,
    };
  }
  return {
    status: 'pass',
    rule: `pass: ${closer ? 'the selected are closer to the benchmark than to the pool, but no' : 'the selected are not closer to the benchmark than to the pool, and no'} group is both under-represented in the benchmark (ratio < ${t}, p < ${a}) and under-selected (p < ${a}) (Q8)`,
  };
}

/**
 * Q8 [C]: warn if the Gini-Simpson diversity of the selected is more than thresholds.diversityLoss
 * below the pool's and the selected x group table is significant (chi-square p < alpha);
 * insufficient evidence under minGroupSize selected; not assessed with fewer than two known groups.
 */
export function diversityVerdict(change: number | null, p: number | null, groups: number, nSelected: number, policy: Policy): Judged {
  const t = policy.thresholds.diversityLoss;
  if (groups < 2) return { status: 'not_assessed', rule: 'not assessed: fewer than two known groups in the pool' };
  if (change === null || nSelected < policy.minGroupSize) {
    return { status: 'insufficient_evidence', rule: `insufficient evidence: ${nSelected} selected candidates of known value (minimum ${policy.minGroupSize})` };
  }
  if (change < -t && p !== null && p < policy.alpha) {
    return { status: 'warn', rule: `warn: diversity change ${fmt(change)} < -${t} and chi-square p ${fmt(p)} < ${policy.alpha} (Q8)` };
  }
  return { status: 'pass', rule: `pass: diversity change ${fmt(change)} (Q8: warn if < -${t} with chi-square p < ${policy.alpha})` };
}
