import type { MetricFamily } from '../family.js';
import { finalizeErrorRates, type MeasuredErrorRates } from './finalize.js';
import { type ErrorRateAggregates, scanErrorRates } from './scan.js';

/**
 * Error-rate parity against a binary criterion (issue 16 item 7): true- and false-positive rates
 * and precision per stage and group (equal opportunity, equalized odds, predictive parity).
 */
export const errorRatesFamily: MetricFamily<ErrorRateAggregates, MeasuredErrorRates> = {
  // A criterion column and a protected attribute; a criterion with values other than 0 and 1
  // (job performance ratings) is the validity family's, and finalize returns null for it.
  applies: ({ dataset, policy }) => dataset.columns.includes('criterion') && dataset.protectedAttributes.length > 0 && policy.validity.binaryCriterion !== false,
  scan: scanErrorRates,
  finalize: finalizeErrorRates,
};

export type { MeasuredErrorRates } from './finalize.js';
export type { ErrorRateAggregates } from './scan.js';
