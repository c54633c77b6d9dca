/**
 * Fixed thresholds of the rubber-stamp rating of requirements.md Q9 (all conventions [C]); the
 * minimum meaningful review time is the policy's (automation.minReviewSeconds). They are repeated
 * in the automation section so every verdict can be traced to its numbers.
 */
export const RUBBER_STAMP = {
  /** Override rate below this is the "never disagrees" signal (O < 2%). */
  lowOverrideRate: 0.02,
  /** Adherence A = P(final reject | tool reject) at or above this is the same signal (A >= 98%). */
  highAdherence: 0.98,
  /** The agreement and dwell signals are judged over at least this many reviews at a stage. */
  minReviews: 100,
  /** Reviewers who never override across at least this many reviews are listed. */
  neverOverrideReviews: 50,
  /** Reviewer spread (SD of per-reviewer override rates) counts reviewers with at least this many reviews. */
  spreadMinReviews: 10,
  source: 'requirements.md Q9 rubber-stamp rating (convention [C]); AVG-22-MHI: WP29 WP251rev.01, CJEU C-634/21 SCHUFA',
} as const;

/** Batch approvals: decisions within gapSeconds of the reviewer's previous one, in runs of at least minRun. */
export const BATCH = {
  gapSeconds: 10,
  minRun: 10,
  /** Batch index above this is a rubber-stamp signal on its own (high risk). */
  index: 0.5,
  /** Most reviewed decisions whose times are scanned (whole days, seeded sample beyond; see scanTimes). */
  maxDecisions: 50_000,
  source: 'requirements.md Q9: batch index = share of decisions within 10 s of the same reviewer\'s previous decision, in runs >= 10 (convention [C])',
} as const;

/** Review-time histogram: 1-second bins from 0; the last bin holds every review of 600 s or more. */
export const DWELL = { lo: 0, width: 1, bins: 601 } as const;
