import type { AuditResult, Finding } from '../contract/audit-result.js';
import type { DatasetProfile } from '../contract/dataset.js';
import type { Policy } from '../contract/policy.js';

/** The metric sections of an AuditResult, keyed by family id. */
export type Sections = Omit<AuditResult, 'schemaVersion' | 'generator' | 'dataset' | 'policy' | 'thresholdSources' | 'findings' | 'summary'>;

/** What a family's rules see: the applied policy, the dataset's profile and the sections judged before (its dependencies). */
export interface JudgeContext {
  readonly policy: Policy;
  readonly dataset: DatasetProfile;
  readonly judged: Readonly<Partial<Sections>>;
}

/** The section with its verdict fields filled in, and the findings. */
export interface Judgement<Section> {
  section: Section | null;
  findings: Finding[];
}

/**
 * A family's rules: verdicts, thresholds and sentences for one section. Called for every family,
 * with null when the family did not apply or measured nothing, so that missing evidence is said
 * (e.g. validity.no_evidence), never skipped. `Measured` is what the family's finalize returns
 * (the section with its verdict fields unset, sometimes with facts the verdicts need).
 */
export type Judge<Measured, Section = Measured> = (measured: Measured | null, ctx: JudgeContext) => Judgement<Section>;
