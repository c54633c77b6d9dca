/**
 * Threshold comparisons of the rules, made robust to floating point: an impact ratio of exactly
 * 0.8 (3 of 5 against 3 of 4) is 0.7999999999999999 in doubles and must not read as "below 0.8".
 * A value within a relative 1e-9 of the threshold counts as equal to it: far below any precision
 * the counts can carry (the AuditResult keeps 10 significant digits) and far above the rounding
 * error of a ratio of two rates. Every "is under the threshold" decision goes through here.
 */
const RELATIVE_TOLERANCE = 1e-9;

const nearly = (x: number, threshold: number) => Math.abs(x - threshold) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(threshold));

/** x < threshold, with x within the tolerance of the threshold counting as equal (not below). */
export const isBelow = (x: number, threshold: number): boolean => x < threshold && !nearly(x, threshold);

/** x > threshold, with x within the tolerance of the threshold counting as equal (not above). */
export const isAbove = (x: number, threshold: number): boolean => x > threshold && !nearly(x, threshold);
