import type { z } from 'zod';
import { auditResultSchema, SECTION_SCHEMAS } from './contract/audit-result.js';
import type { MetricFamily } from './metrics/family.js';
import { automationFamily } from './metrics/automation/index.js';
import { disparityFamily } from './metrics/disparity/index.js';
import { errorRatesFamily } from './metrics/error-rates/index.js';
import { reliabilityFamily } from './metrics/reliability/index.js';
import { similarityFamily } from './metrics/similarity/index.js';
import { stabilityFamily } from './metrics/stability/index.js';
import { validityFamily } from './metrics/validity/index.js';
import { judgeAutomation } from './rules/automation.js';
import { judgeDisparity } from './rules/disparity.js';
import { judgeErrorRates } from './rules/error-rates.js';
import type { Judge, Sections } from './rules/judge.js';
import { judgeReliability } from './rules/reliability.js';
import { judgeSimilarity } from './rules/similarity.js';
import { judgeStability } from './rules/stability.js';
import { judgeValidity } from './rules/validity.js';

/**
 * A family as the audit runs it: its metrics (applies, scan, finalize) and its rules (judge),
 * under the id of its AuditResult section. `dependsOn` names the families whose judged sections
 * its judge reads (stability re-judges the disparity verdicts under the bootstrap).
 */
export interface FamilyEntry<Aggregates = unknown, Measured = unknown, Section = unknown> {
  readonly id: string;
  /** The zod schema of its AuditResult section (optional unless the family always applies). */
  readonly section: z.ZodType;
  readonly dependsOn: readonly string[];
  readonly metric: MetricFamily<Aggregates, Measured>;
  readonly judge: Judge<Measured, Section>;
}

const entry = <Id extends keyof Sections, A, M>(
  id: Id,
  metric: MetricFamily<A, M>,
  judge: Judge<M, NonNullable<Sections[Id]>>,
  dependsOn: readonly (keyof Sections)[] = [],
): FamilyEntry => ({ id, section: SECTION_SCHEMAS[id], dependsOn, metric, judge }) as unknown as FamilyEntry;

/** Every metric family, in report order; the audit's phases are loops over this list. */
export const FAMILIES: readonly FamilyEntry[] = [
  entry('disparity', disparityFamily, judgeDisparity),
  entry('validity', validityFamily, judgeValidity),
  entry('reliability', reliabilityFamily, judgeReliability),
  entry('stability', stabilityFamily, judgeStability, ['disparity']),
  entry('automation', automationFamily, judgeAutomation),
  entry('similarity', similarityFamily, judgeSimilarity),
  entry('error_rates', errorRatesFamily, judgeErrorRates),
];

/**
 * The AuditResult schema of an audit that runs these families: their sections in their order.
 * For the registry's own families this is the published AuditResult schema.
 */
export function auditResultSchemaFor(families: readonly FamilyEntry[]) {
  return auditResultSchema(Object.fromEntries(families.map((f) => [f.id, f.section])));
}
