import type { DatasetProfile } from '../../contract/dataset.js';
import type { ValiditySection } from '../../contract/sections/validity.js';
import type { MetricFamily } from '../family.js';
import { finalizeValidity } from './finalize.js';
import { scanValidity, type ValidityAggregates } from './scan.js';

/** Criterion validity, differential validity and differential prediction (requirements Q6). */
export const validityFamily: MetricFamily<ValidityAggregates, ValiditySection> = {
  id: 'validity',
  scan: scanValidity,
  finalize: finalizeValidity,
};

/** The family needs a score and a criterion column; without either the audit reports validity.no_evidence. */
export function validityApplies(dataset: DatasetProfile): boolean {
  return dataset.hasScore && dataset.columns.includes('criterion');
}

export type { AucHistogram, SampledRow, ValidityAggregates, ValidityCell } from './scan.js';
