import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import type { AutomationAggregates, AutomationCell, DwellCell } from '../../../../src/audit/metrics/automation/scan.js';
import { syntheticProfile } from '../../../support/profile.js';

/**
 * A hand-made stage with two gender groups, shared by the finalize tests (the numbers) and the
 * rules tests (the verdicts); every number they assert was cross-checked with scipy 1.17.1
 * (fisher_exact, binomtest, and the Mantel-Haenszel formula of R's mantelhaen.test in numpy).
 *   female: 100 rejections, 90 unreviewed; 60 reviews, 45 under 30 s; 1 override (up)
 *   male:   120 rejections, 80 unreviewed; 120 reviews, 100 under 30 s; 1 override (down)
 */
const zero = { rejectedReviewUnknown: 0, toolKnown: 0, toolSelected: 0, finalSelected: 0 };
const cells: AutomationCell[] = [
  { tool: null, stage: 's1', values: ['female'], n: 150, rejected: 100, rejectedUnreviewed: 90, reviewed: 60, reviewedRejected: 10, timed: 60, short: 45, timedRejected: 10, shortRejected: 9, overrideKnown: 60, up: 1, down: 0, toolRejectedReviewed: 11, toolSelectedReviewed: 49, ...zero, toolKnown: 150, toolSelected: 49, finalSelected: 50 },
  { tool: null, stage: 's1', values: ['male'], n: 200, rejected: 120, rejectedUnreviewed: 80, reviewed: 120, reviewedRejected: 40, timed: 120, short: 100, timedRejected: 40, shortRejected: 35, overrideKnown: 120, up: 0, down: 1, toolRejectedReviewed: 39, toolSelectedReviewed: 81, ...zero, toolKnown: 200, toolSelected: 81, finalSelected: 80 },
];
const dwell: DwellCell[] = [
  { tool: null, stage: 's1', attribute: 0, value: 'female', bin: 10, n: 45 },
  { tool: null, stage: 's1', attribute: 0, value: 'female', bin: 100, n: 15 },
  { tool: null, stage: 's1', attribute: 0, value: 'male', bin: 5, n: 100 },
  { tool: null, stage: 's1', attribute: 0, value: 'male', bin: 200, n: 20 },
];
/** r1: 20 decisions 2 s apart (one run of 20: 19 batched) then 80 spaced 100 s; r2: 80 spaced 100 s. */
const seconds = [
  ...Array.from({ length: 20 }, (_, i) => ({ tool: null, stage: 's1', reviewer: 'r1', second: 1_000_001 + 2 * i, n: 1 })),
  ...Array.from({ length: 80 }, (_, i) => ({ tool: null, stage: 's1', reviewer: 'r1', second: 1_010_001 + 100 * i, n: 1 })),
  ...Array.from({ length: 80 }, (_, i) => ({ tool: null, stage: 's1', reviewer: 'r2', second: 1_020_001 + 100 * i, n: 1 })),
];
export const agg: AutomationAggregates = {
  cells,
  dwell,
  reviewers: [
    { tool: null, stage: 's1', reviewer: 'r1', reviews: 100, overrideKnown: 100, overrides: 0, timed: 100, short: 90 },
    { tool: null, stage: 's1', reviewer: 'r2', reviews: 80, overrideKnown: 80, overrides: 2, timed: 80, short: 55 },
  ],
  times: { seconds, daysTotal: 1, daysUsed: 1, decisionsTotal: 180, decisionsUsed: 180 },
  columns: { seconds: true, override: true, reviewer: true, decidedAt: true },
};
export const policy = parsePolicy({ protected: ['gender'] });
export const profile = syntheticProfile(['gender']);
