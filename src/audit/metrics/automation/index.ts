import type { MetricFamily } from '../family.js';
import { finalizeAutomation } from './finalize.js';
import type { AutomationMeasurement } from './measured.js';
import { type AutomationAggregates, scanAutomation } from './scan.js';

/**
 * Automated rejections and rubber-stamp review (requirements Q9; GDPR/AVG art. 22): applies when
 * the data has a reviewed_by_human column (per rejection, whether a person reviewed it).
 */
export const automationFamily: MetricFamily<AutomationAggregates, AutomationMeasurement> = {
  applies: ({ dataset }) => dataset.columns.includes('reviewed_by_human'),
  scan: scanAutomation,
  finalize: finalizeAutomation,
};

export type { AutomationMeasurement } from './measured.js';
export type { AutomationAggregates } from './scan.js';
