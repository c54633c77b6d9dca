import * as z from 'zod';

/**
 * Schema pieces the AuditResult and every family section share, defined once so a change (a
 * status, the shape of an interval) reaches every section alike.
 */
/**
 * Parse options for a schema parsed once per process (the policy, an AuditResult on its way out):
 * on a first parse zod compiles a fast path for each object shape with new Function, which costs
 * more than it saves when there is no second parse (about 20 ms for an AuditResult).
 */
export const PARSE_ONCE = { jitless: true } as const;

export const Num = z.number();
export const NullableNum = z.number().nullable();

/** [lower, upper] 95% interval; `kind` names it where a section's intervals have a method (e.g. 'Wilson interval'). */
export const interval = (kind = 'confidence interval') => z.tuple([Num, Num]).nullable().describe(`[lower, upper] 95% ${kind}; null when undefined`);
export const Interval = interval();

export const GroupKey = z
  .record(z.string(), z.string())
  .describe('protected attribute -> value, e.g. {"gender":"female"} or {"gender":"female","ethnicity":"B"}');

export const FindingStatus = z.enum(['pass', 'warn', 'fail', 'insufficient_evidence', 'not_assessed']);
export type FindingStatus = z.infer<typeof FindingStatus>;
/** A verdict of a family that judges everything it computes: never `not_assessed`. */
export const Verdict = FindingStatus.exclude(['not_assessed']);

export const FourFifths = z.enum(['pass', 'fail', 'insufficient']);
