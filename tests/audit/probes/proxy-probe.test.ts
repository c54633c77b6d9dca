import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { PROBE_L2 } from '../../../src/audit/probes/proxy-model.js';
import { fitLogistic, PROBE_FOLDS, type ProbeRow, runProxyProbe } from '../../../src/audit/probes/proxy-probe.js';
import { loadTf } from '../../../src/audit/probes/tf-backend.js';
import { createRng } from '../../../src/audit/stats/rng.js';

/** The proxy probe (requirements Q8, AVG-22(4)/9): targets, cross-validated AUC, determinism. */
function rows(seed: number, n: number, shift: number, groups: readonly string[] = ['a', 'b']): ProbeRow[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const g = groups[rng.int(groups.length)]!;
    const k = groups.indexOf(g);
    return { traits: [rng.normal(k * shift, 1), rng.normal(0, 1), rng.normal(0, 1)], w: 1, values: [g] };
  });
}

const probe = (r: ProbeRow[], seed = 1) => runProxyProbe({ tool: null, stage: 'all', traits: ['t0', 't1', 't2'], attributes: ['attr'], rows: r, seed });

describe('runProxyProbe', () => {
  it('recovers the AUC of the best linear rule: Phi(delta / sqrt 2) for a mean shift delta', async () => {
    // Two equal groups 1 SD apart on one of three traits: population AUC Phi(1 / sqrt 2) = 0.7602
    // (Su & Liu 1993; Hand & Till 2001). 4000 rows: Hanley-McNeil SE about 0.008.
    const r = await probe(rows(3, 4000, 1));
    const target = r.probes[0]!.targets;
    expect(target).toHaveLength(1);
    const expected = normalCdf(1 / Math.SQRT2, 0, 1);
    expect(Math.abs(target[0]!.auc!.auc - expected)).toBeLessThan(0.025);
    expect(target[0]!.auc!.lower).toBeLessThan(target[0]!.auc!.auc);
    expect(r.folds).toBe(PROBE_FOLDS);
  });

  it('finds nothing in traits unrelated to the group (AUC near 0.5)', async () => {
    // Pooled out-of-fold AUC of 5-fold logistic regression on pure noise, n = 3000: mean 0.497,
    // SD 0.0145 over 100 simulations (numpy/scipy re-implementation), so within 0.05 of 0.5.
    const r = await probe(rows(4, 3000, 0));
    expect(Math.abs(r.probes[0]!.targets[0]!.auc!.auc - 0.5)).toBeLessThan(0.05);
  });

  it('two groups: the smaller one against the other; three: one-vs-rest; unknown values left out', async () => {
    const two = rows(5, 400, 1).map((r, i) => (i % 3 === 0 ? { ...r, values: ['b'] } : r));
    const r2 = await probe(two);
    const counts = new Map<string, number>();
    two.forEach((r) => counts.set(r.values[0]!, (counts.get(r.values[0]!) ?? 0) + 1));
    const smaller = [...counts.entries()].sort((x, y) => x[1] - y[1])[0]![0];
    expect(r2.probes[0]!.targets.map((t) => t.group)).toEqual([smaller]);
    const three = rows(6, 600, 1, ['x', 'y', 'z']).map((r, i) => (i < 50 ? { ...r, values: ['unknown'] } : r));
    const r3 = await probe(three);
    expect(r3.probes[0]!.targets.map((t) => t.group)).toEqual(['x', 'y', 'z']);
    expect(r3.probes[0]!.n).toBe(550);
    // z sits 2 SD from x on t0, y in the middle: the outer groups are easier to tell apart.
    const auc = Object.fromEntries(r3.probes[0]!.targets.map((t) => [t.group, t.auc!.auc]));
    expect(auc['x']!).toBeGreaterThan(auc['y']!);
    expect(auc['z']!).toBeGreaterThan(auc['y']!);
  });

  it('the same seed gives identical results; the seed drives the folds and the initial weights', async () => {
    const data = rows(7, 1500, 0.6);
    const a = await probe(data, 11);
    const b = await probe(data, 11);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = await probe(data, 12);
    expect(c.probes[0]!.targets[0]!.auc!.auc).not.toBe(a.probes[0]!.targets[0]!.auc!.auc);
    expect(Math.abs(c.probes[0]!.targets[0]!.auc!.auc - a.probes[0]!.targets[0]!.auc!.auc)).toBeLessThan(0.02);
  });

  it('a constant trait set gives no model (no AUC), a single group no target', async () => {
    const constant = rows(8, 100, 0).map((r) => ({ ...r, traits: [1, 2, 3] }));
    expect((await probe(constant)).probes[0]!.targets.every((t) => t.auc === null)).toBe(true);
    const one = rows(9, 100, 0).map((r) => ({ ...r, values: ['a'] }));
    expect((await probe(one)).probes[0]!.targets).toEqual([]);
  });

  it('the fit stops at the penalised optimum: its gradient vanishes, and a binary trait gets the log odds ratio', async () => {
    // One 0/1 trait, 1000 rows each: 20% positive at 0, 60% at 1. Unpenalised, the logistic MLE is
    // saturated: intercept logit(0.2) = -1.3863, slope logit(0.6) - logit(0.2) = 1.7918 (the log
    // odds ratio; Agresti 2013, Categorical Data Analysis, 5.1.4). The L2 penalty 1e-4 shrinks the
    // slope by well under 0.01. The check that the fit converged, not only came close: the
    // penalised gradient, recomputed here in float64, is zero to float32's precision.
    const { tf } = await loadTf();
    const x = Array.from({ length: 2000 }, (_, i) => [i < 1000 ? 0 : 1]);
    const labels = x.map(([v], i) => ((v === 0 ? i % 1000 < 200 : i % 1000 < 600) ? 'yes' : 'no'));
    const w = x.map(() => 1);
    const theta = fitLogistic(tf, x, w, x.map((_, i) => i), labels, ['yes'], 5);
    const [b0, b1] = (theta.arraySync() as number[][]).map((row) => row[0]!);
    theta.dispose();
    expect(b0!).toBeCloseTo(Math.log(0.2 / 0.8), 2);
    expect(Math.abs(b1! - (Math.log(0.6 / 0.4) - Math.log(0.2 / 0.8)))).toBeLessThan(0.01);
    let g0 = 0;
    let g1 = 0;
    x.forEach(([v], i) => {
      const r = 1 / (1 + Math.exp(-(b0! + b1! * v!))) - (labels[i] === 'yes' ? 1 : 0);
      g0 += r / x.length;
      g1 += (r * v!) / x.length;
    });
    g1 += 2 * PROBE_L2 * b1!;
    expect(Math.abs(g0)).toBeLessThan(1e-6);
    expect(Math.abs(g1)).toBeLessThan(1e-6);
  });
});
