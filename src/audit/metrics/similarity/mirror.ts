import { UNKNOWN_GROUP } from '../../contract/dataset.js';
import { chiSquareIndependence } from '../../stats/chi-square-rxc.js';
import { giniSimpson, jensenShannonDivergence } from '../../stats/divergence.js';
import { fisherExact2x2 } from '../../stats/fisher-exact.js';
import type { MeasuredMirror } from './measured.js';
import type { BenchmarkAggregates, CompositionCell } from './scan.js';

type MirrorGroup = MeasuredMirror['groups'][number];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const share = (x: number, n: number) => (n > 0 ? x / n : null);

/**
 * Demographic mirror and diversity loss of one attribute at one tool x stage (Q8, AI Act art.
 * 10(3)): group shares of the pool, the selected and the benchmark (known values only; unknown
 * counted apart), Jensen-Shannon divergence of the selected from the benchmark and from the pool,
 * representation ratio share_B / share_pool with a one-sided Fisher test, whether the selected
 * under-represent the same group (one-sided Fisher, selected vs rejected), and the Gini-Simpson
 * diversity of selected vs pool with a chi-square test of selected x group. The rules judge the
 * mirror and the diversity loss.
 */
export function mirror(attribute: string, a: number, cells: readonly CompositionCell[], benchmark: BenchmarkAggregates | null): MeasuredMirror {
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
  const dPool = nPool > 0 ? giniSimpson(vec(pool)) : null;
  const dSel = nSel > 0 ? giniSimpson(vec(sel)) : null;
  const test = nSel > 0 && nPool > nSel ? chiSquareIndependence([vec(sel), groups.map((g) => get(pool, g) - get(sel, g))]) : null;
  const change = dPool !== null && dSel !== null ? dSel - dPool : null;
  return {
    attribute,
    groups: rows,
    pool_unknown: get(pool, UNKNOWN_GROUP),
    benchmark_unknown: get(bench, UNKNOWN_GROUP),
    js_selected_benchmark: jsBench,
    js_selected_pool: jsPool,
    closer_to_benchmark: closer,
    diversity_pool: dPool,
    diversity_selected: dSel,
    diversity_change: change,
    independence_chi2: test?.statistic ?? null,
    independence_df: test?.df ?? null,
    independence_p: test?.p ?? null,
  };
}
