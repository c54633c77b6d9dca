import type { DisparitySection } from '../../contract/audit-result.js';
import type { MetricFamily } from '../family.js';
import { finalizeDisparity } from './finalize.js';
import { type DisparityAggregates, scanDisparity } from './scan.js';

/** Group disparity: selection and scoring rates, impact ratios, tests, funnel, CMH (requirements Q1–Q5). */
export const disparityFamily: MetricFamily<DisparityAggregates, DisparitySection> = {
  applies: () => true,
  scan: scanDisparity,
  finalize: finalizeDisparity,
};

export type { DisparityAggregates, DisparityCell } from './scan.js';
