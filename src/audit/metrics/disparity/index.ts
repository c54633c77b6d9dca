import type { MetricFamily } from '../family.js';
import { finalizeDisparity, type MeasuredDisparity } from './finalize.js';
import { type DisparityAggregates, scanDisparity } from './scan.js';

/** Group disparity: selection and scoring rates, impact ratios, tests, funnel, CMH (requirements Q1–Q5). */
export const disparityFamily: MetricFamily<DisparityAggregates, MeasuredDisparity> = {
  applies: () => true,
  scan: scanDisparity,
  finalize: finalizeDisparity,
};

export type { DisparityAggregates } from './scan.js';
export type { MeasuredDisparity } from './finalize.js';
export type { MeasuredScoringRow } from './scoring.js';
export type { Exclusion } from './groups.js';
