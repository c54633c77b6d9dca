import { aucFromHistograms, crossValidatedAuc, type AucResult } from '../stats/auc.js';
import { createRng, type Rng } from '../stats/rng.js';
import { PROBE_FOLDS, PROBE_ITERATIONS, PROBE_L2 } from './proxy-model.js';
import { loadTf, type Tf } from './tf-backend.js';

/**
 * Proxy probe (requirements Q8, AVG-22(4)/9): how well do the traits the tool looks at predict a
 * protected attribute? A TensorFlow.js logistic regression on a seeded, bounded engine sample;
 * k-fold cross-validated, so the AUC is measured on candidates the model did not see.
 *
 * - Targets: with two known groups, the smaller group against the other (one AUC says it all);
 *   with more, every group against all other known groups (one-vs-rest). Unknown values are left out.
 * - Model: logits = X W + b on the traits standardised over the probe rows; weighted logistic
 *   loss (frequency weights w) + a small L2 penalty, fitted by Newton-Raphson (see fitLogistic).
 *   All targets of an attribute are fitted at once as independent sigmoid outputs.
 * - Folds: stratified by group; rows shuffled with createRng(seed); weights initialised with
 *   tf.randomNormal seeded from the same seed, so the same seed gives the same AUCs.
 * - AUC: on each held-out fold, weighted Mann-Whitney (aucFromHistograms over the distinct
 *   predicted values) with its Hanley-McNeil SE; reported as the folds' mean with an interval
 *   that allows for the folds sharing training rows (crossValidatedAuc).
 */
export { PROBE_FOLDS } from './proxy-model.js';

export interface ProbeRow {
  traits: number[];
  w: number;
  /** Values of the protected attributes, in the order of `attributes`. */
  values: string[];
}

export interface ProxyProbeInput {
  tool: string | null;
  stage: string;
  traits: readonly string[];
  attributes: readonly string[];
  rows: readonly ProbeRow[];
  seed: number;
}

export interface ProbeTargetResult {
  group: string;
  nPositive: number;
  nNegative: number;
  auc: AucResult | null;
}

export interface AttributeProbe {
  attribute: string;
  tool: string | null;
  stage: string;
  n: number;
  targets: ProbeTargetResult[];
}

/** Numbers and names only: the rules describe the model (from the constants above) and judge the AUCs. */
export interface ProxyProbeResult {
  backend: string;
  folds: number;
  seed: number;
  probes: AttributeProbe[];
}

const UNKNOWN = 'unknown';

export async function runProxyProbe(input: ProxyProbeInput): Promise<ProxyProbeResult> {
  const { tf, backend } = await loadTf();
  const rng = createRng(input.seed);
  const probes: AttributeProbe[] = [];
  for (const [a, attribute] of input.attributes.entries()) {
    const rows = input.rows.filter((r) => r.values[a] !== UNKNOWN && r.w > 0);
    const labels = rows.map((r) => r.values[a]!);
    const n = rows.reduce((s, r) => s + r.w, 0);
    const targets = chooseTargets(labels, rows);
    const x = standardise(rows.map((r) => r.traits), rows.map((r) => r.w));
    if (targets.length === 0 || x === null) {
      probes.push({ attribute, tool: input.tool, stage: input.stage, n, targets: targets.map((g) => ({ ...tally(g, labels, rows), auc: null })) });
      continue;
    }
    const folds = stratifiedFolds(labels, rng);
    const scores = outOfFoldScores(tf, x, rows.map((r) => r.w), labels, targets, folds, input.seed + 7919 * a);
    probes.push({
      attribute,
      tool: input.tool,
      stage: input.stage,
      n,
      targets: targets.map((group, t) => {
        const counts = tally(group, labels, rows);
        const ok = counts.nPositive > 0 && counts.nNegative > 0;
        return { ...counts, auc: ok ? foldAuc(scores.map((s) => s[t]!), rows.map((r) => r.w), labels.map((l) => l === group), folds) : null };
      }),
    });
  }
  return { backend, folds: PROBE_FOLDS, seed: input.seed, probes };
}

function tally(group: string, labels: readonly string[], rows: readonly ProbeRow[]): { group: string; nPositive: number; nNegative: number } {
  let nPositive = 0;
  let nNegative = 0;
  labels.forEach((l, i) => (l === group ? (nPositive += rows[i]!.w) : (nNegative += rows[i]!.w)));
  return { group, nPositive, nNegative };
}

/** Known groups in code-unit order; with two, only the smaller (ties: the first). */
function chooseTargets(labels: readonly string[], rows: readonly ProbeRow[]): string[] {
  const weight = new Map<string, number>();
  labels.forEach((l, i) => weight.set(l, (weight.get(l) ?? 0) + rows[i]!.w));
  const groups = [...weight.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  if (groups.length < 2) return [];
  if (groups.length === 2) return [weight.get(groups[1]!)! < weight.get(groups[0]!)! ? groups[1]! : groups[0]!];
  return groups;
}

/** Traits as z-scores over the probe rows (weighted); constant traits dropped; null when none varies. */
function standardise(x: readonly number[][], w: readonly number[]): number[][] | null {
  const p = x[0]?.length ?? 0;
  const total = w.reduce((a, b) => a + b, 0);
  const keep: { j: number; mean: number; sd: number }[] = [];
  for (let j = 0; j < p; j++) {
    const mean = x.reduce((a, r, i) => a + w[i]! * r[j]!, 0) / total;
    const sd = Math.sqrt(x.reduce((a, r, i) => a + w[i]! * (r[j]! - mean) ** 2, 0) / total);
    if (sd > 0) keep.push({ j, mean, sd });
  }
  if (keep.length === 0) return null;
  return x.map((r) => keep.map(({ j, mean, sd }) => (r[j]! - mean) / sd));
}

/** Fold index per row: within each group, a seeded shuffle dealt round-robin into the folds. */
function stratifiedFolds(labels: readonly string[], rng: Rng): number[] {
  const fold = new Array<number>(labels.length).fill(0);
  const groups = [...new Set(labels)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  for (const g of groups) {
    const idx = rowsWhere(labels, (l) => l === g);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((row, k) => (fold[row] = k % PROBE_FOLDS));
  }
  return fold;
}

/** For each row, the logit of each target from the model fitted on the other folds. */
function outOfFoldScores(
  tf: Tf,
  x: readonly number[][],
  w: readonly number[],
  labels: readonly string[],
  targets: readonly string[],
  folds: readonly number[],
  seed: number,
): number[][] {
  const t = targets.length;
  const scores: number[][] = x.map(() => new Array<number>(t).fill(0));
  for (let f = 0; f < PROBE_FOLDS; f++) {
    const train = rowsWhere(folds, (k) => k !== f);
    const test = rowsWhere(folds, (k) => k === f);
    if (train.length === 0 || test.length === 0) continue;
    const theta = fitLogistic(tf, x, w, train, labels, targets, (seed + 104729 * f) % 2147483647);
    const values = tf.tidy(() => tf.matMul(withIntercept(tf, x, test), theta).dataSync());
    theta.dispose();
    test.forEach((row, k) => {
      for (let j = 0; j < t; j++) scores[row]![j] = values[k * t + j]!;
    });
  }
  return scores;
}

/** The indices i with keep(values[i]). */
function rowsWhere<T>(values: readonly T[], keep: (v: T) => boolean): number[] {
  const rows: number[] = [];
  values.forEach((v, i) => {
    if (keep(v)) rows.push(i);
  });
  return rows;
}

/**
 * [1, x_1, ..., x_p] for the given rows, written straight into the tensor's float32 buffer: built
 * from nested arrays, TensorFlow.js spent more time flattening them than the fit spends computing.
 */
function withIntercept(tf: Tf, x: readonly number[][], rows: readonly number[]) {
  const p1 = (x[0]?.length ?? 0) + 1;
  const data = new Float32Array(rows.length * p1);
  rows.forEach((i, r) => {
    data[r * p1] = 1;
    x[i]!.forEach((v, j) => (data[r * p1 + j + 1] = v));
  });
  return tf.tensor2d(data, [rows.length, p1]);
}

/**
 * Penalised logistic regression, one independent model per target column, by Newton-Raphson
 * (iteratively reweighted least squares) on the weighted mean loss
 *   L(theta) = sum_i v_i [log(1 + e^{z_i}) - y_i z_i] + L2 ||beta||^2,  z = [1 X] theta,  v = w / sum w;
 *   gradient g = X'(v (sigmoid(z) - y)) + 2 L2 beta,  Hessian H = X' diag(v s (1 - s)) X + 2 L2 I.
 * TensorFlow.js computes the n-sized products; the (p+1) x (p+1) Newton systems are solved here.
 * Fitted on x's `rows` (by index, no copies), with one 0/1 outcome per entry of `targets` (the
 * row's label is the target). Starts from seeded tf.randomNormal weights; stops after
 * PROBE_ITERATIONS or when no step exceeds STEP_TOLERANCE of the parameters' size.
 * Source: McCullagh & Nelder (1989) Generalized Linear Models, 2nd ed., section 4.4.
 */
export function fitLogistic(tf: Tf, x: readonly number[][], w: readonly number[], rows: readonly number[], labels: readonly string[], targets: readonly string[], seed: number) {
  const n = rows.length;
  const p1 = (x[0]?.length ?? 0) + 1;
  const t = targets.length;
  const total = rows.reduce((a, i) => a + w[i]!, 0);
  const X = withIntercept(tf, x, rows);
  const Y = tf.tensor2d(Float32Array.from({ length: n * t }, (_, k) => (labels[rows[Math.floor(k / t)]!] === targets[k % t] ? 1 : 0)), [n, t]);
  const V = tf.tensor2d(Float32Array.from(rows, (i) => w[i]! / total), [n, 1]);
  let theta = tf.randomNormal([p1, t], 0, 0.01, 'float32', seed) as import('@tensorflow/tfjs-core').Tensor2D;
  for (let iteration = 0; iteration < PROBE_ITERATIONS; iteration++) {
    const current = theta.arraySync();
    const { gradient, hessians } = tf.tidy(() => {
      const s = tf.sigmoid(tf.matMul(X, theta));
      const g = tf.matMul(X, tf.mul(tf.sub(s, Y), V), true, false).arraySync() as number[][];
      const curvature = tf.mul(tf.mul(s, tf.sub(1, s)), V);
      // All targets' Hessians in one product: (X * c_j) stacked side by side, times X.
      const scaled = tf.reshape(tf.mul(tf.reshape(X, [n, 1, p1]), tf.reshape(curvature, [n, t, 1])), [n, t * p1]);
      const stacked = tf.matMul(scaled, X, true, false).arraySync() as number[][];
      return { gradient: g, hessians: Array.from({ length: t }, (_, j) => stacked.slice(j * p1, (j + 1) * p1)) };
    });
    let largest = 0;
    const next = current.map((row) => [...row]);
    for (let j = 0; j < t; j++) {
      const g = gradient.map((row, k) => row[j]! + (k > 0 ? 2 * PROBE_L2 * current[k]![j]! : 0));
      const h = hessians[j]!.map((row, k) => row.map((v, l) => v + (k === l && k > 0 ? 2 * PROBE_L2 : 0)));
      const step = solveSymmetric(h, g);
      step.forEach((d, k) => {
        next[k]![j] = current[k]![j]! - d;
        largest = Math.max(largest, Math.abs(d));
      });
    }
    theta.dispose();
    theta = tf.tensor2d(next, [p1, t]);
    if (largest < STEP_TOLERANCE * Math.max(1, ...next.flat().map(Math.abs))) break;
  }
  X.dispose();
  Y.dispose();
  V.dispose();
  return theta;
}

/**
 * A Newton step this small, relative to the parameters (at least 1), is converged. TensorFlow.js
 * computes in float32, whose rounding (about 1.2e-7 of a value) is where the steps stop shrinking:
 * fits reached it in three or four iterations, and with a tolerance of 1e-8, below float32's
 * reach, went on to the last of PROBE_ITERATIONS, stepping by rounding noise (most of the probe's time).
 */
const STEP_TOLERANCE = 1e-6;

/** Solves H d = g for a symmetric positive definite H (Cholesky); a tiny ridge rescues near-singular H. */
function solveSymmetric(h: number[][], g: number[]): number[] {
  const n = g.length;
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-10 : ridge * 100) {
    const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      let diag = h[j]![j]! + ridge;
      for (let k = 0; k < j; k++) diag -= l[j]![k]! ** 2;
      if (!(diag > 0)) ok = false;
      else {
        l[j]![j] = Math.sqrt(diag);
        for (let i = j + 1; i < n; i++) {
          let v = h[i]![j]!;
          for (let k = 0; k < j; k++) v -= l[i]![k]! * l[j]![k]!;
          l[i]![j] = v / l[j]![j]!;
        }
      }
    }
    if (!ok) {
      if (ridge > 1) throw new Error('proxy probe: the logistic Hessian is not positive definite');
      continue;
    }
    const z = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let v = g[i]!;
      for (let k = 0; k < i; k++) v -= l[i]![k]! * z[k]!;
      z[i] = v / l[i]![i]!;
    }
    const d = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let v = z[i]!;
      for (let k = i + 1; k < n; k++) v -= l[k]![i]! * d[k]!;
      d[i] = v / l[i]![i]!;
    }
    return d;
  }
}

/** Cross-validated AUC over the folds that hold both classes (see crossValidatedAuc). */
function foldAuc(scores: readonly number[], w: readonly number[], positive: readonly boolean[], folds: readonly number[]): AucResult | null {
  const perFold: AucResult[] = [];
  for (let f = 0; f < PROBE_FOLDS; f++) {
    const rows = rowsWhere(folds, (k) => k === f).filter((i) => w[i]! > 0);
    const pick = <T>(xs: readonly T[]) => rows.map((i) => xs[i]!);
    const inFold = pick(positive);
    if (inFold.includes(true) && inFold.includes(false)) perFold.push(weightedAuc(pick(scores), pick(w), inFold));
  }
  return perFold.length === 0 ? null : crossValidatedAuc(perFold);
}

/** Weighted Mann-Whitney AUC: histograms of positive and negative weight over the distinct scores. */
function weightedAuc(scores: readonly number[], w: readonly number[], positive: readonly boolean[]): AucResult {
  const order = scores.map((_, i) => i).sort((i, j) => scores[i]! - scores[j]!);
  const pos: number[] = [];
  const neg: number[] = [];
  let last = Number.NaN;
  for (const i of order) {
    if (scores[i] !== last) {
      pos.push(0);
      neg.push(0);
      last = scores[i]!;
    }
    if (positive[i]) pos[pos.length - 1]! += w[i]!;
    else neg[neg.length - 1]! += w[i]!;
  }
  return aucFromHistograms(pos, neg);
}
