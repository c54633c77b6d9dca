/**
 * How the automation family measures (requirements.md Q9): the batch-run definition, the
 * review-time histogram and the reviewer-spread filter. These define numbers, not verdicts; the
 * rubber-stamp thresholds and their sources are the rules' (src/audit/rules/automation-verdicts.ts).
 */

/** Batch approvals: decisions within gapSeconds of the reviewer's previous one, in runs of at least minRun. */
export const BATCH = {
  gapSeconds: 10,
  minRun: 10,
  /** Most reviewed decisions whose times are scanned (whole days, seeded sample beyond; see scanTimes). */
  maxDecisions: 50_000,
} as const;

/** Review-time histogram: 1-second bins from 0; the last bin holds every review of 600 s or more. */
export const DWELL = { lo: 0, width: 1, bins: 601 } as const;

/** Reviewer spread (SD of per-reviewer override rates) counts reviewers with at least this many reviews. */
export const SPREAD_MIN_REVIEWS = 10;
