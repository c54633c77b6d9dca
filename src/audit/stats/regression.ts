import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { type CoMoments, mergeCoMoments } from './co-moments.js';
import { requireIntegerAtLeast, requireNonNegative, requireSameLength } from './stat-guards.js';

/**
 * Sufficient statistics of a linear model y = X b + e: the cross products X'X (p x p), X'y (p)
 * and y'y over n rows. Column 0 of X must be the intercept (all ones), so X'X[0][0] = n and
 * X'y[0] = sum y. Form them on centred (or at least well-scaled) columns: raw cross products of
 * large-valued columns lose digits to cancellation (style.md section 2.2).
 */
export interface OlsSufficient {
  readonly n: number;
  readonly xtx: readonly (readonly number[])[];
  readonly xty: readonly number[];
  readonly yty: number;
}

export interface OlsFit {
  readonly coefficients: readonly number[];
  readonly standardErrors: readonly number[];
  readonly t: readonly number[];
  /** Two-sided p per coefficient from Student's t with df = n - p. */
  readonly p: readonly number[];
  readonly df: number;
  /** Residual sum of squares y'y - b'X'y. */
  readonly rss: number;
  /** s^2 = rss / df. */
  readonly residualVariance: number;
  /** 1 - rss / sum (y - mean y)^2. */
  readonly rSquared: number;
  /** s^2 (X'X)^-1. */
  readonly covariance: readonly (readonly number[])[];
}

/**
 * Ordinary least squares from sufficient statistics:
 *   b = (X'X)^-1 X'y,  RSS = y'y - b'X'y,  s^2 = RSS/(n - p),  Var(b) = s^2 (X'X)^-1,
 *   t_j = b_j / SE_j on n - p df,  R^2 = 1 - RSS / (y'y - (sum y)^2 / n).
 * X'X is factored by Cholesky (ml-matrix); a singular or indefinite X'X means collinear columns.
 * An exact fit (RSS = 0) has SE 0, so its t and p are +-Infinity/0 or NaN.
 * Source: any regression text, e.g. Draper & Smith (1998) Applied Regression Analysis, 3rd ed.,
 * ch. 5; Anscombe (1973) Am Stat 27:17-21 for the worked values in the tests.
 * @throws RangeError when shapes disagree, column 0 is not an intercept, n <= p, or X'X is singular
 * @example ols(olsSufficientFromArrays([[1], [2], [3]], [1, 3, 5])).coefficients // [-1, 2]
 */
export function ols(s: OlsSufficient): OlsFit {
  const p = s.xty.length;
  requireIntegerAtLeast('ols', 'number of columns p', p, 1);
  if (s.xtx.length !== p || !s.xtx.every((row) => row.length === p)) {
    throw new RangeError(`ols requires X'X to be ${p} x ${p} to match X'y`);
  }
  if (s.xtx[0]![0] !== s.n) throw new RangeError(`ols requires column 0 to be the intercept: X'X[0][0] = n = ${s.n}`);
  requireIntegerAtLeast('ols', 'n', s.n, p + 1);
  // Symmetrise: cross products summed in a different order can differ in the last bit.
  const xtx = new Matrix(s.xtx.map((row, i) => row.map((v, j) => (v + s.xtx[j]![i]!) / 2)));
  const chol = new CholeskyDecomposition(xtx);
  if (!chol.isPositiveDefinite()) throw new RangeError("ols: X'X is singular (collinear or constant columns)");
  const inv = chol.solve(Matrix.eye(p));
  const b = inv.mmul(Matrix.columnVector([...s.xty])).to1DArray();
  const rss = Math.max(0, s.yty - b.reduce((a, bj, j) => a + bj * s.xty[j]!, 0));
  const df = s.n - p;
  const residualVariance = rss / df;
  const covariance = inv.mul(residualVariance).to2DArray();
  const standardErrors = covariance.map((row, j) => Math.sqrt(Math.max(0, row[j]!)));
  const t = b.map((bj, j) => bj / standardErrors[j]!);
  const tss = s.yty - s.xty[0]! ** 2 / s.n;
  return {
    coefficients: b,
    standardErrors,
    t,
    p: t.map((tj) => twoSidedP(tj, df)),
    df,
    rss,
    residualVariance,
    rSquared: tss > 0 ? 1 - rss / tss : Number.NaN,
    covariance,
  };
}

/**
 * Convenience: sufficient statistics of y on the predictor rows, with an intercept column
 * prepended (rows hold the predictors only). For tests and small data.
 * @throws RangeError when lengths disagree or a row length differs
 * @example olsSufficientFromArrays([[1], [2]], [3, 5])
 *   // { n: 2, xtx: [[2, 3], [3, 5]], xty: [8, 13], yty: 34 }
 */
export function olsSufficientFromArrays(
  rows: readonly (readonly number[])[],
  y: readonly number[],
): OlsSufficient {
  requireSameLength('olsSufficientFromArrays', rows, y, 'rows and y');
  const q = rows[0]?.length ?? 0;
  const design = rows.map((row) => {
    if (row.length !== q) throw new RangeError(`olsSufficientFromArrays requires ${q} predictors in every row`);
    return [1, ...row];
  });
  const p = q + 1;
  const xtx = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => design.reduce((a, row) => a + row[i]! * row[j]!, 0)),
  );
  const xty = Array.from({ length: p }, (_, i) => design.reduce((a, row, r) => a + row[i]! * y[r]!, 0));
  return { n: y.length, xtx, xty, yty: y.reduce((a, v) => a + v * v, 0) };
}

/** One coefficient of a fitted model with its test. */
interface CoefficientTest {
  readonly estimate: number;
  readonly se: number;
  readonly t: number;
  readonly df: number;
  readonly p: number;
}

export interface ModeratedRegressionResult {
  /** Pooled mean of x: x is centred here, so b2 compares the groups' lines at this score. */
  readonly centre: number;
  /** y ~ 1 + x: the common line [b0, b1]. */
  readonly common: OlsFit;
  /** y ~ 1 + x + g: [b0, b1, b2]. */
  readonly interceptModel: OlsFit;
  /** y ~ 1 + x + g + x g: [b0, b1, b2, b3]. */
  readonly interactionModel: OlsFit;
  /** b3 (focal slope - reference slope) with the minimum detectable |b3| at alpha .05, power .80. */
  readonly slopeDifference: CoefficientTest & { readonly minimumDetectable: number };
  /** b2 of the model without x g: focal minus reference intercept at the pooled mean. */
  readonly interceptDifference: CoefficientTest;
  /** Mean of y - common line per group: > 0 underprediction, < 0 overprediction. */
  readonly meanResidual: { readonly focal: number; readonly reference: number };
}

/**
 * Differential prediction by moderated multiple regression (Cleary model, Q6), from the two
 * groups' population co-moments of (x = score, y = criterion); g = 1 for focal, 0 for reference,
 * x centred at the pooled mean:
 *   (1) y = b0 + b1 x            (2) + b2 g            (3) + b2 g + b3 x g
 * Test b3 in (3) (slopes); if it is not significant, b2 in (2) (intercepts). The mean residual of
 * a group from line (1) is positive when the common line underpredicts it (the tool disadvantages
 * that group), negative when it overpredicts. Interaction tests have low power at small n: the
 * minimum detectable b3 is (t_{.975, df} + t_{.80, df}) SE(b3) (Bloom 1995), so a non-significant
 * b3 smaller than that is insufficient evidence, not a pass [C]. y is centred too (exact shift of
 * b0 only) so that no cross product suffers cancellation.
 * Source: Cleary (1968) J Educ Meas 5:115-124; Bartlett, Bobko, Mosier & Hannan (1978) Pers
 * Psychol 31:233-241 (step-down procedure); Aguinis (2004) Regression Analysis for Categorical
 * Moderators; Bloom (1995) Eval Rev 19:547-556 (minimum detectable effect).
 * @throws RangeError when a group has n < 2 or no variance in x, or the total n < 5
 * @example moderatedRegression(focal, reference).slopeDifference.estimate // focal - reference slope
 */
export function moderatedRegression(focal: CoMoments, reference: CoMoments): ModeratedRegressionResult {
  for (const [name, m] of [['focal', focal], ['reference', reference]] as const) {
    requireIntegerAtLeast('moderatedRegression', `${name}.n`, m.n, 2);
    requireNonNegative('moderatedRegression', `${name}.varY`, m.varY);
    if (!(m.varX > 0)) {
      throw new RangeError(`moderatedRegression requires variance in x within ${name}, got varX = ${m.varX}`);
    }
  }
  requireIntegerAtLeast('moderatedRegression', 'focal.n + reference.n', focal.n + reference.n, 5);
  const pooled = mergeCoMoments(focal, reference);
  const full = centredCrossProducts([[reference, 0], [focal, 1]], pooled);
  const fit = (cols: readonly number[]): OlsFit => {
    const f = ols({
      n: pooled.n,
      xtx: cols.map((i) => cols.map((j) => full.xtx[i]![j]!)),
      xty: cols.map((i) => full.xty[i]!),
      yty: full.yty,
    });
    return shiftIntercept(f, pooled.meanY);
  };
  const common = fit([0, 1]);
  const interceptModel = fit([0, 1, 2]);
  const interactionModel = fit([0, 1, 2, 3]);
  const residual = (m: CoMoments): number =>
    m.meanY - (common.coefficients[0]! + common.coefficients[1]! * (m.meanX - pooled.meanX));
  const b3 = coefficientTest(interactionModel, 3);
  const multiplier = tQuantile(0.975, b3.df) + tQuantile(0.8, b3.df);
  return {
    centre: pooled.meanX,
    common,
    interceptModel,
    interactionModel,
    slopeDifference: { ...b3, minimumDetectable: multiplier * b3.se },
    interceptDifference: coefficientTest(interceptModel, 2),
    meanResidual: { focal: residual(focal), reference: residual(reference) },
  };
}

/** The fit of y + shift: only the intercept and its t and p change. */
function shiftIntercept(fit: OlsFit, shift: number): OlsFit {
  const b0 = fit.coefficients[0]! + shift;
  const t0 = b0 / fit.standardErrors[0]!;
  const replace = (xs: readonly number[], v: number) => xs.map((x, j) => (j === 0 ? v : x));
  return {
    ...fit,
    coefficients: replace(fit.coefficients, b0),
    t: replace(fit.t, t0),
    p: replace(fit.p, twoSidedP(t0, fit.df)),
  };
}

/** Two-sided p of a t statistic; NaN stays NaN (0/0 in an exact fit). */
function twoSidedP(t: number, df: number): number {
  return Number.isNaN(t) ? Number.NaN : Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

function coefficientTest(fit: OlsFit, j: number): CoefficientTest {
  return {
    estimate: fit.coefficients[j]!,
    se: fit.standardErrors[j]!,
    t: fit.t[j]!,
    df: fit.df,
    p: fit.p[j]!,
  };
}

/**
 * X'X, X'y, y'y of the design [1, xc, g, g xc] with xc = x - pooled mean and yc = y - pooled mean,
 * built from each group's moments: with u = (1, xc), E[u u'] = [[1, d], [d, varX + d^2]],
 * E[u yc] = (e, covXY + d e), E[yc^2] = varY + e^2 (d, e: group mean minus pooled mean), and
 * z = (u, g u) so E[z z'] = [[M, gM], [gM, g^2 M]].
 */
function centredCrossProducts(groups: readonly (readonly [CoMoments, number])[], pooled: CoMoments) {
  const xtx = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  const xty = [0, 0, 0, 0];
  let yty = 0;
  for (const [m, g] of groups) {
    const d = m.meanX - pooled.meanX;
    const e = m.meanY - pooled.meanY;
    const uu = [[1, d], [d, m.varX + d * d]];
    const uy = [e, m.covXY + d * e];
    const w = [1, 1, g, g]; // the g factor of each z entry
    for (let i = 0; i < 4; i++) {
      xty[i]! += m.n * w[i]! * uy[i % 2]!;
      for (let j = 0; j < 4; j++) xtx[i]![j]! += m.n * w[i]! * w[j]! * uu[i % 2]![j % 2]!;
    }
    yty += m.n * (m.varY + e * e);
  }
  return { xtx, xty, yty };
}
