/**
 * The long-format data contract of design.md: one row per candidate per stage. This file is the
 * single source of truth for the canonical column names, their kinds and the accepted spellings
 * of yes/no values; ingest derives its checks and the normalised table from it.
 */

/** How a column's text is checked and stored. */
export type ColumnKind =
  | 'text' // any string; empty means missing
  | 'flag' // 0/1, true/false, yes/no (case-insensitive)
  | 'number' // finite decimal number
  | 'count' // non-negative whole number
  | 'positive_int' // whole number >= 1
  | 'timestamp' // ISO date or date-time
  | 'role'; // applicant | benchmark

export interface ColumnSpec {
  kind: ColumnKind;
  description: string;
}

export const CANONICAL_COLUMNS = {
  candidate_id: { kind: 'text', description: 'pseudonymous candidate id' },
  stage: { kind: 'text', description: 'selection stage; missing means a single stage' },
  tool: { kind: 'text', description: 'which selection tool produced score and decision' },
  selected: { kind: 'flag', description: 'advanced past this stage (required)' },
  score: { kind: 'number', description: "the tool's score" },
  decided_at: { kind: 'timestamp', description: 'when the decision was taken' },
  reviewed_by_human: { kind: 'flag', description: 'a person looked at this decision before it took effect' },
  review_seconds: { kind: 'number', description: 'how long that review took' },
  reviewer_id: { kind: 'text', description: 'who reviewed' },
  human_override: { kind: 'flag', description: "the reviewer changed the tool's outcome" },
  criterion: { kind: 'number', description: 'later job performance of hired candidates' },
  role: { kind: 'role', description: 'applicant, or benchmark for the incumbents the tool was calibrated on' },
  attempt: { kind: 'positive_int', description: 'repeated assessment of the same candidate (test-retest)' },
  count: { kind: 'count', description: 'frequency weight: the row stands for this many identical candidates' },
  variant_of: { kind: 'text', description: "a re-scored copy of this candidate's input with an irrelevant change" },
  variant: { kind: 'text', description: 'which irrelevant change the copy carries' },
} as const satisfies Record<string, ColumnSpec>;

export type CanonicalColumn = keyof typeof CANONICAL_COLUMNS;
export const CANONICAL_COLUMN_NAMES = Object.keys(CANONICAL_COLUMNS) as CanonicalColumn[];

/** Columns starting with this prefix are numeric traits (the profile the tool looks at). */
export const TRAIT_PREFIX = 'trait_';

/** Accepted spellings of a flag, compared after trimming and lower-casing. */
export const TRUE_VALUES = ['1', 'true', 'yes', 'y', 't'] as const;
export const FALSE_VALUES = ['0', 'false', 'no', 'n', 'f'] as const;

/** Label given to an empty protected-attribute value; counted and reported, never dropped. */
export const UNKNOWN_GROUP = 'unknown';

/**
 * Spellings of "not known" that exports write into empty cells (R's NA, Excel's #N/A, SQL's
 * NULL, Python's None, pandas' NaN): a protected attribute with one of these is `unknown`,
 * counted and listed, never a group. Exact spellings, so "none" (e.g. disability: none) stays a
 * value; the policy's `missingValues` replaces the list.
 */
export const MISSING_MARKERS = ['NA', 'N/A', 'n/a', '#N/A', 'NULL', 'null', 'None', 'NaN'] as const;

/**
 * What every categorical value (stage, tool, protected attributes) goes through before it is
 * grouped: Unicode NFC (so "fémale" typed with a combining accent equals the precomposed one),
 * control and invisible formatting characters removed, spaces trimmed. In the result's
 * dataset.values.normalisation.
 */
export const VALUE_NORMALISATION =
  'Unicode NFC; control characters and invisible formatting characters (zero-width spaces and joiners, direction marks, byte order marks: U+200B-U+200F, U+202A-U+202E, U+2060-U+2064, U+2066-U+2069, U+FEFF) removed; leading and trailing spaces trimmed';

/** Stage label used when the dataset has no stage column. */
export const SINGLE_STAGE = 'all';

export const ROLES = ['applicant', 'benchmark'] as const;

export function expectedText(kind: ColumnKind): string {
  switch (kind) {
    case 'flag':
      return '0/1, yes/no or true/false';
    case 'number':
      return 'a number';
    case 'count':
      return 'a whole number of 0 or more';
    case 'positive_int':
      return 'a whole number of 1 or more';
    case 'timestamp':
      return 'an ISO date or date-time (e.g. 2026-03-01 or 2026-03-01T09:30:00)';
    case 'role':
      return `one of ${ROLES.join(', ')}`;
    case 'text':
      return 'text';
  }
}

/** Why a row was left out of the main (disparity) analysis; every reason is counted. */
export const EXCLUSION_REASONS = {
  no_decision: 'selected is empty: no decision recorded',
  benchmark_row: 'role=benchmark: incumbent profile, not an applicant',
  retest_attempt: 'attempt > 1: a repeated assessment of a candidate already counted',
  perturbation_variant: 'variant_of is set: a re-scored copy with an irrelevant change',
  zero_count: 'count = 0: the row stands for no candidate',
  duplicate_row: 'the same candidate_id, stage and tool as an earlier row (policy duplicates: exclude); the first row is kept',
} as const;
export type ExclusionReason = keyof typeof EXCLUSION_REASONS;

/** rows read = rows used + Σ rows excluded; the same identity holds for candidates (Σ count). */
export interface RowAccounting {
  rowsRead: number;
  rowsUsed: number;
  candidatesRead: number;
  candidatesUsed: number;
  excluded: { reason: ExclusionReason; description: string; rows: number; candidates: number }[];
}

/** What an audit knows about its dataset after ingest: provenance, columns found, row accounting. */
export interface DatasetProfile {
  /** File name (not the full path, so results do not depend on where the file sat) or record set name. */
  source: string;
  format: string;
  hash: string;
  /** Contract columns present (after the policy's mapping). */
  columns: string[];
  protectedAttributes: string[];
  traits: string[];
  /** Item columns of a multi-item score (policy reliability.items). */
  items: string[];
  hasStage: boolean;
  hasTool: boolean;
  hasScore: boolean;
  /** True when a count column makes rows stand for several candidates. */
  weighted: boolean;
  accounting: RowAccounting;
  /** A separate benchmark file (--benchmark) appended as role=benchmark rows: its file name and sha256. */
  benchmarkFile?: { source: string; hash: string };
  /** What normalising the categorical values changed and found (absent for tables not loaded by hireaudit). */
  values?: ValuesReport;
}

/** One categorical value's fate in normalisation: `from` as in the file, `to` as audited (null: unknown or empty). */
export interface ValueChange {
  column: string;
  from: string;
  to: string | null;
  rows: number;
}

/** Values of one column that differ only in upper/lower case after normalisation and mapping. */
export interface ValueVariants {
  column: string;
  values: { value: string; rows: number }[];
}

export interface ValuesReport {
  normalisation: string;
  /** Missing-value markers (MISSING_MARKERS or the policy's missingValues) turned into unknown. */
  missing: ValueChange[];
  /** Values the policy's `values` mapping changed. */
  mapped: ValueChange[];
  /** Values normalisation changed (invisible characters, Unicode form, spaces). */
  normalised: ValueChange[];
  /** Case variants still apart: probably one group spelled several ways; map them in the policy. */
  variants: ValueVariants[];
  /** Columns with too many distinct values to list (more than the categorical limit): normalised, not listed. */
  unlisted: string[];
}

