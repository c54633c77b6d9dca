import type { MetricFamily } from '../family.js';
import { finalizeValidity } from './finalize.js';
import type { MeasuredValidity } from './measured.js';
import { scanValidity, type ValidityAggregates } from './scan.js';

/** Criterion validity, differential validity and differential prediction (requirements Q6). */
export const validityFamily: MetricFamily<ValidityAggregates, MeasuredValidity> = {
  // A score and a criterion column; without either the rules report validity.no_evidence.
  applies: ({ dataset }) => dataset.hasScore && dataset.columns.includes('criterion'),
  scan: scanValidity,
  finalize: finalizeValidity,
};

export type { ValidityAggregates } from './scan.js';
