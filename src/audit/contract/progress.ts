import * as z from 'zod';

/**
 * Structured progress of an audit, for a terminal line, a server's job status or a notebook's
 * progress bar. Phases come in this order; `done` of `total` counts the steps of the phase (for
 * ingest its steps, for scan, finalize and judge the families that apply).
 */
export const AUDIT_PHASES = ['ingest', 'scan', 'finalize', 'judge', 'assemble'] as const;

export const AuditProgress = z.object({
  phase: z.enum(AUDIT_PHASES),
  family: z.string().optional().describe('the metric family being worked on, e.g. "disparity"'),
  done: z.number().int().nonnegative().describe('steps of this phase finished'),
  total: z.number().int().nonnegative().describe('steps of this phase in all'),
  message: z.string().optional().describe('what is happening, in a few words, e.g. "reading pilot.csv"'),
});
export type AuditProgress = z.infer<typeof AuditProgress>;

export type ProgressListener = (progress: AuditProgress) => void;
