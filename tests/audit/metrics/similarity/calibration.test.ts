import { afterAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { distanceForms } from '../../../../src/audit/engine/distance.js';
import { coupling } from '../../../../src/audit/metrics/similarity/coupling.js';
import { homogeneity } from '../../../../src/audit/metrics/similarity/homogeneity.js';
import { mirror } from '../../../../src/audit/metrics/similarity/mirror.js';
import { proxySection } from '../../../../src/audit/metrics/similarity/proxy.js';
import { resemblanceSpec, type TraitMoments } from '../../../../src/audit/metrics/similarity/resemblance.js';
import type { CompositionCell, DistanceAggregates, SampledCandidate } from '../../../../src/audit/metrics/similarity/scan.js';
import type { ShiftedSums } from '../../../../src/audit/metrics/similarity/shifted-sums.js';
import { runProxyProbe } from '../../../../src/audit/probes/proxy-probe.js';
import { diversityVerdict, homogeneityVerdict, judgeCoupling, mirrorVerdict, proxyVerdict } from '../../../../src/audit/rules/similarity-verdicts.js';
import { createRng, type Rng } from '../../../../src/audit/stats/rng.js';

/**
 * Calibration of the similar-to-me flags (issue 4 acceptance). Each replicate is a small seeded
 * in-memory dataset (500 applicants, 4 traits, 120 incumbents, gender); its aggregates are
 * computed here in plain loops (the SQL path is covered by the engine and end-to-end tests) and
 * handed to the family's own pure functions and the TensorFlow.js probe.
 *
 * Null world: traits independent of gender; selection random (30%); score ~ N(0, 1) independent
 * of the traits and criterion = 0.5 score + N(0, 0.8) (a valid score, unrelated to resemblance);
 * incumbents 50% women like the pool, +0.5 SD on z2, z3.
 * Effect world (the documented effect sizes): z2, z3 are 1.25 SD higher for men (proxy AUC
 * Phi(1.25) = 0.89); incumbents are 80% men and +0.5 SD on z2, z3; the tool scores
 * -(distance to the incumbents' centroid) + N(0, 0.3) and selects its top 30% (partial rho given
 * the criterion about 0.9, H about 0.55, women about 25% of the selected against 20% of the
 * incumbents and 50% of the pool: representation ratio 0.4, diversity change about -0.12).
 *
 * A flag's nominal rate under the null is the size of its significance condition: coupling alpha
 * (two-sided p < .05), mirror and diversity loss alpha (one-sided Fisher / chi-square at .05),
 * homogeneity alpha / 2 (the 95% bootstrap interval below 1), proxy alpha / 2 (the 95% interval
 * above 0.5). Each must fire at most at that rate plus a one-sided 99% binomial margin
 * (2.33 sqrt(rate (1 - rate) / R)), and in at least 90% of the effect replicates.
 * Replicates: 200 null + 200 effect for coupling, homogeneity, mirror, diversity loss (homogeneity
 * with 100 bootstrap resamples each, the policy minimum, to keep 400 intervals fast), and the same
 * 200 + 200 for the proxy probe, which fits 5 cross-validated TensorFlow.js models per replicate
 * (about 15 s for the 400 probes on one core of the 2-core CI machine).
 */
const R = 200;
const R_PROBE = 200;
const N = 500;
const N_BENCH = 120;
/** SD by which men score higher on z2 and z3 in the effect world. */
const GENDER_SHIFT = 1.25;
const TRAITS = ['trait_0', 'trait_1', 'trait_2', 'trait_3'];
const policy = parsePolicy({ protected: ['gender'], stability: { bootstrapReplicates: 100 } });
const ALPHA = policy.alpha;

interface World {
  applicants: { z: number[]; female: boolean; selected: boolean; score: number; criterion: number }[];
  bench: { z: number[]; female: boolean }[];
}

function person(rng: Rng, femaleShare: number, shift: readonly number[], genderEffect: boolean) {
  const female = rng.uniform() < femaleShare;
  const z = shift.map((s, j) => rng.normal(0, 1) + s + (genderEffect && !female && j >= 2 ? GENDER_SHIFT : 0));
  return { z, female };
}

function world(rng: Rng, effect: boolean): World {
  const bench = Array.from({ length: N_BENCH }, () => person(rng, effect ? 0.2 : 0.5, effect ? [0, 0, 0.5, 0.5] : [0, 0, 0.5, 0.5], effect));
  const people = Array.from({ length: N }, () => person(rng, 0.5, [0, 0, 0, 0], effect));
  const centre = TRAITS.map((_, j) => bench.reduce((a, b) => a + b.z[j]!, 0) / N_BENCH);
  const scores = people.map((p) => (effect ? -Math.sqrt(p.z.reduce((a, v, j) => a + (v - centre[j]!) ** 2, 0)) + rng.normal(0, 0.3) : rng.normal(0, 1)));
  const cut = [...scores].sort((a, b) => b - a)[Math.round(0.3 * N) - 1]!;
  const applicants = people.map((p, i) => ({
    ...p,
    selected: effect ? scores[i]! >= cut : rng.uniform() < 0.3,
    score: scores[i]!,
    // Effect world: performance from the job-relevant traits; null world: from the score, which is
    // independent of every trait (so its correlation with resemblance is exactly 0).
    criterion: effect ? 0.5 * (p.z[0]! + p.z[1]!) + rng.normal(0, 0.8) : 0.5 * scores[i]! + rng.normal(0, 0.8),
  }));
  return { applicants, bench };
}

function moments(rows: readonly { z: number[] }[]): TraitMoments {
  const n = rows.length;
  const mean = TRAITS.map((_, j) => rows.reduce((a, r) => a + r.z[j]!, 0) / n);
  return { n, mean, varPop: TRAITS.map((_, j) => rows.reduce((a, r) => a + (r.z[j]! - mean[j]!) ** 2, 0) / n) };
}

function sums(rows: readonly number[][]): ShiftedSums {
  const k = rows[0]!.length;
  return {
    n: rows.length,
    shift: new Array<number>(k).fill(0),
    s: Array.from({ length: k }, (_, i) => rows.reduce((a, r) => a + r[i]!, 0)),
    x: Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => rows.reduce((a, r) => a + r[i]! * r[j]!, 0))),
  };
}

/** The flags of one replicate, from the family's own metric and rule functions on aggregates computed here. */
function flags(w: World, rng: Rng) {
  const pool = moments(w.applicants);
  const selected = moments(w.applicants.filter((a) => a.selected));
  const b = moments(w.bench);
  const cov = TRAITS.map((_, j) => TRAITS.map((_, k) => w.bench.reduce((a, r) => a + (r.z[j]! - b.mean[j]!) * (r.z[k]! - b.mean[k]!), 0) / N_BENCH));
  const benchmark = { n: N_BENCH, nMissing: 0, mean: b.mean, cov, composition: [true, false].map((f) => ({ values: [f ? 'female' : 'male'], n: w.bench.filter((r) => r.female === f).length })) };
  const spec = resemblanceSpec(TRAITS, pool, benchmark)!;
  const forms = distanceForms(spec.distance);
  const index = (column: string) => TRAITS.indexOf(column);
  const d = w.applicants.map((a) => Math.sqrt(forms.reduce((acc, terms) => acc + terms.reduce((s, t) => s + t.coefficient * (a.z[index(t.column)]! - t.centre), 0) ** 2, 0)));
  const distance: DistanceAggregates = {
    min: 0,
    max: 0,
    grid: { lo: 0, width: 1, bins: 1 },
    histogram: [],
    bySelected: [],
    score: sums(w.applicants.map((a, i) => [d[i]!, a.score])),
    criterion: sums(w.applicants.flatMap((a, i) => (a.selected ? [[d[i]!, a.score, a.criterion]] : []))),
  };
  const sample: SampledCandidate[] = w.applicants.map((a) => ({ traits: a.z, selected: a.selected ? 1 : 0, w: 1, values: [a.female ? 'female' : 'male'] }));
  const cells: CompositionCell[] = [true, false].flatMap((sel) => [true, false].map((f) => ({ selected: sel ? 1 : 0, values: [f ? 'female' : 'male'], n: w.applicants.filter((a) => a.selected === sel && a.female === f).length })));
  const m = mirror('gender', 0, cells, benchmark);
  const c = judgeCoupling(coupling(distance)!, policy);
  const h = homogeneity(pool, selected, spec.used, sample, rng, policy);
  const women = m.groups.find((g) => g.group === 'female')!;
  return {
    coupling: c.verdict === 'fail' || c.verdict === 'warn',
    homogeneity: homogeneityVerdict(h.h, h.h_ci, selected.n, policy).status === 'warn',
    mirror: mirrorVerdict(m, policy).status === 'warn',
    diversity_loss: diversityVerdict(m, policy).status === 'warn',
    // The significance conditions alone (without the effect-size thresholds), to check their size.
    tests: {
      coupling: (c.p ?? 1) < ALPHA,
      homogeneity: h.h_ci !== null && h.h_ci[1] < 1,
      mirror: (women.selection_p ?? 1) < ALPHA,
      diversity_loss: (m.independence_p ?? 1) < ALPHA,
    },
  };
}

const margin = (rate: number, r: number) => 2.33 * Math.sqrt((rate * (1 - rate)) / r);
const NOMINAL = { coupling: ALPHA, homogeneity: ALPHA / 2, mirror: ALPHA, diversity_loss: ALPHA, proxy: ALPHA / 2 };
type Flag = keyof typeof NOMINAL;
const report: string[] = [];

afterAll(() => {
  console.log(['similar-to-me flag calibration (fire rate: null / effect; nominal + 99% margin):', ...report].join('\n'));
});

function check(flag: Flag, nullFired: number, rNull: number, effectFired: number, rEffect: number): void {
  const bound = NOMINAL[flag] + margin(NOMINAL[flag], rNull);
  const line = `  ${flag.padEnd(15)} null ${(nullFired / rNull).toFixed(3)} (${nullFired}/${rNull}, bound ${bound.toFixed(3)}); effect ${(effectFired / rEffect).toFixed(3)} (${effectFired}/${rEffect}, need >= 0.900)`;
  report.push(line);
  expect(nullFired / rNull, line).toBeLessThanOrEqual(bound);
  expect(effectFired / rEffect, line).toBeGreaterThanOrEqual(0.9);
}

describe('similar-to-me flags: nominal rate on null data, power at the documented effect', () => {
  it(`coupling, homogeneity, mirror and diversity loss over ${R} null and ${R} effect datasets`, () => {
    const rng = createRng(20260707);
    const keys = ['coupling', 'homogeneity', 'mirror', 'diversity_loss'] as const;
    const zero = () => ({ coupling: 0, homogeneity: 0, mirror: 0, diversity_loss: 0 });
    const fired = { null: zero(), effect: zero() };
    const significant = zero();
    for (const kind of ['null', 'effect'] as const) {
      for (let r = 0; r < R; r++) {
        const f = flags(world(rng, kind === 'effect'), rng);
        for (const k of keys) {
          fired[kind][k] += f[k] ? 1 : 0;
          if (kind === 'null') significant[k] += f.tests[k] ? 1 : 0;
        }
      }
    }
    for (const k of keys) check(k, fired.null[k], R, fired.effect[k], R);
    // The flags also need an effect size (rho > 0.30, H < 0.80, ratio < 0.8, change < -0.05), which
    // null data almost never reach; the significance conditions alone must hold their size too.
    for (const k of keys) {
      const bound = NOMINAL[k] + margin(NOMINAL[k], R);
      const line = `  ${`${k} test`.padEnd(20)} null ${(significant[k] / R).toFixed(3)} (${significant[k]}/${R}, bound ${bound.toFixed(3)}) [significance condition alone]`;
      report.push(line);
      expect(significant[k] / R, line).toBeLessThanOrEqual(bound);
    }
  });

  it(`proxy probe over ${R_PROBE} null and ${R_PROBE} effect datasets`, async () => {
    const rng = createRng(20260808);
    const fired = { null: 0, effect: 0 };
    let significant = 0;
    for (const kind of ['null', 'effect'] as const) {
      for (let r = 0; r < R_PROBE; r++) {
        const w = world(rng, kind === 'effect');
        const rows = w.applicants.map((a) => ({ traits: a.z, w: 1, values: [a.female ? 'female' : 'male'] }));
        const probe = await runProxyProbe({ tool: null, stage: 'all', traits: TRAITS, attributes: ['gender'], rows, seed: 1 + r });
        const section = proxySection(probe, rows.length).probes[0]!;
        fired[kind] += proxyVerdict(section, policy).verdict === 'warn' ? 1 : 0;
        if (kind === 'null') significant += section.targets[0]!.auc_ci![0] > 0.5 ? 1 : 0;
      }
    }
    check('proxy', fired.null, R_PROBE, fired.effect, R_PROBE);
    // The flag also needs AUC >= the policy threshold; the interval condition alone must hold its size.
    const bound = NOMINAL.proxy + margin(NOMINAL.proxy, R_PROBE);
    const line = `  ${'proxy test'.padEnd(20)} null ${(significant / R_PROBE).toFixed(3)} (${significant}/${R_PROBE}, bound ${bound.toFixed(3)}) [95% interval above 0.5 alone]`;
    report.push(line);
    expect(significant / R_PROBE, line).toBeLessThanOrEqual(bound);
  });
});
