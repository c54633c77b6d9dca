import gammaln from '@stdlib/math-base-special-gammaln';
import { requireCells } from './stat-guards.js';

/** A Bayes factor for association in a 2x2 table, with its natural log (which never overflows). */
export interface BayesFactor {
  /** Evidence for an association over none: > 1 favours different rates, < 1 favours equal rates. */
  readonly bf10: number;
  /** ln bf10; bf10 over- or underflows for tables of millions, this does not. */
  readonly logBf10: number;
}

/** ln B(x, y) = ln Gamma(x) + ln Gamma(y) - ln Gamma(x + y). */
function logBeta(x: number, y: number): number {
  return gammaln(x) + gammaln(y) - gammaln(x + y);
}

/** ln of the multivariate beta (Dirichlet normalising constant): sum ln Gamma(a_i) - ln Gamma(sum a_i). */
function logDirichlet(alpha: readonly number[]): number {
  return alpha.reduce((s, x) => s + gammaln(x), 0) - gammaln(alpha.reduce((s, x) => s + x, 0));
}

/**
 * Bayes factor for two independent binomial proportions (group sizes fixed by design), table
 * [[a, b], [c, d]] = [[selected, not selected] of the focal group, the same of the reference]:
 *
 *   H1: p1 ~ Beta(1, 1), p2 ~ Beta(1, 1) independently;   H0: p1 = p2 = p ~ Beta(1, 1)
 *   BF10 = m(data | H1) / m(data | H0) = B(a + 1, b + 1) B(c + 1, d + 1) / B(a + c + 1, b + d + 1)
 *
 * (the binomial coefficients cancel). The prior is uniform on every rate: it states no preference
 * for any selection rate, under either hypothesis. This is the "independent binomial" sampling
 * scheme of Gunel & Dickey (1974) with their uniform beta priors; it is not the joint-multinomial
 * Bayes factor audit-ai reports (bayesFactorContingency2x2), and the two differ because they
 * condition on different margins. A Bayes factor is reported, never used in a verdict.
 * Sources: E. Gunel & J. Dickey (1974) Biometrika 61:545-557; R. E. Kass & A. E. Raftery (1995)
 * JASA 90:773-795 (reading a Bayes factor); the beta-binomial marginal likelihood, e.g. Gelman et
 * al. (2013) Bayesian Data Analysis, 3rd ed., section 2.4.
 * @throws RangeError when a count is negative or not finite
 * @example bayesFactorIndependentProportions(3, 1, 1, 3).bf10 // (1/20)(1/20) / (1/630) = 1.575
 */
export function bayesFactorIndependentProportions(a: number, b: number, c: number, d: number): BayesFactor {
  requireCells('bayesFactorIndependentProportions', a, b, c, d);
  const logBf10 = logBeta(a + 1, b + 1) + logBeta(c + 1, d + 1) - logBeta(a + c + 1, b + d + 1);
  return { bf10: Math.exp(logBf10), logBf10 };
}

/**
 * Bayes factor against independence in a 2x2 table under joint multinomial sampling, as audit-ai
 * computes it (auditai.utils.crosstabs.crosstab_bayes_factor, adapted from Albert (2007)
 * Bayesian Computation with R, pp. 178-184, LearnBayes::ctable). With Dirichlet parameters alpha
 * for the four cells (default 1 each: uniform over all 2x2 probability tables), alpha_r and
 * alpha_c their row and column sums, y the counts and D(v) = prod Gamma(v_i) / Gamma(sum v_i):
 *
 *   BF10 = D(y + alpha) D(alpha_r - 1) D(alpha_c - 1) / ( D(alpha) D(y_r + alpha_r - 1) D(y_c + alpha_c - 1) )
 *
 * i.e. the marginal likelihood of the table under any cell probabilities (Dirichlet(alpha)) over
 * that under independent row and column margins (Dirichlet(alpha_r - 1), Dirichlet(alpha_c - 1)).
 * BF10 > 1 favours association. audit-ai's docstring reads the same number the other way round
 * ("BF < 1: support for a hypothesis of dependence"), but Albert's ctable is a Bayes factor against
 * independence: the perfectly independent table [[50, 50], [50, 50]] gets 0.2616, evidence for
 * independence. Rows and columns may be swapped freely under the default prior.
 * Sources: Albert (2007), ch. 8, "A test of independence in a two-way contingency table", the pages
 * audit-ai cites; J. H. Albert & A. K. Gupta (1983) JASA 78:708-717; audit-ai's bayes_factor docs.
 * @param prior Dirichlet parameters [alpha_a, alpha_b, alpha_c, alpha_d], each > 0 with row and
 *   column sums > 1 (default [1, 1, 1, 1])
 * @throws RangeError when a count is negative or not finite, or the prior is not as above
 * @example bayesFactorContingency2x2(50, 50, 50, 50).bf10 // 0.26162148804907587 (audit-ai docs)
 */
export function bayesFactorContingency2x2(
  a: number,
  b: number,
  c: number,
  d: number,
  prior: readonly [number, number, number, number] = [1, 1, 1, 1],
): BayesFactor {
  requireCells('bayesFactorContingency2x2', a, b, c, d);
  const [pa, pb, pc, pd] = prior;
  const rows = [pa + pb - 1, pc + pd - 1];
  const cols = [pa + pc - 1, pb + pd - 1];
  if (!prior.every((x) => Number.isFinite(x) && x > 0) || ![...rows, ...cols].every((x) => x > 0)) {
    throw new RangeError(
      `bayesFactorContingency2x2 requires prior parameters > 0 with row and column sums > 1, got [${prior.join(', ')}]`,
    );
  }
  const logBf10 =
    logDirichlet([a + pa, b + pb, c + pc, d + pd]) +
    logDirichlet(rows) +
    logDirichlet(cols) -
    logDirichlet(prior) -
    logDirichlet([a + b + rows[0]!, c + d + rows[1]!]) -
    logDirichlet([a + c + cols[0]!, b + d + cols[1]!]);
  return { bf10: Math.exp(logBf10), logBf10 };
}
