/**
 * Coded errors of hireaudit. Every error a user can cause carries a stable `code`; the CLI maps
 * these to exit code 2 and prints the message without a stack trace, the server maps them to 4xx.
 */
export type ErrorCode =
  | 'HA_ERR_USAGE'
  | 'HA_ERR_POLICY'
  | 'HA_ERR_CONTRACT'
  | 'HA_ERR_FILE'
  | 'HA_ERR_ENGINE'
  | 'HA_ERR_CANCELLED';

/**
 * Marks an AuditError across copies of this module: the installed CLI is a start-up shell and a
 * core bundled separately (scripts/build-cli.ts), and `serve`, `keys` and `verify` run from the
 * compiled tree, so an error raised in one copy reaches a catch in another (isAuditError).
 */
const AUDIT_ERROR = Symbol.for('hireaudit.AuditError');

export class AuditError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuditError';
  }
}
Object.defineProperty(AuditError.prototype, AUDIT_ERROR, { value: true });

/** One problem found in a dataset: where it is, what was there, what was expected. */
export interface ContractIssue {
  file: string;
  /** 1-based line in a text file, or 1-based row/record for Parquet and JSON arrays; null for the whole file. */
  line: number | null;
  /** What `line` counts: a physical text line, a record of a JSON array, or a Parquet row. */
  lineKind: 'line' | 'record' | 'row' | null;
  column: string | null;
  value: string | null;
  expected: string;
  /** How many further rows share this problem in this column (only the first few are listed). */
  moreLikeThis?: number;
}

export function formatIssue(issue: ContractIssue): string {
  const where = [issue.file];
  if (issue.line !== null) where.push(`${issue.lineKind ?? 'line'} ${issue.line}`);
  if (issue.column !== null) where.push(`column "${issue.column}"`);
  const got = issue.value === null ? '' : `, got ${JSON.stringify(issue.value)}`;
  const more = issue.moreLikeThis ? ` (and ${issue.moreLikeThis} more rows like this)` : '';
  return `${where.join(' ')}: expected ${issue.expected}${got}${more}`;
}

/** The dataset cannot be audited; `issues` lists every problem found, not just the first. */
export class ContractError extends AuditError {
  readonly issues: readonly ContractIssue[];
  constructor(issues: readonly ContractIssue[]) {
    // Whole-file problems first, then in file order, so the list reads top to bottom.
    const sorted = [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    issues = sorted;
    super(
      'HA_ERR_CONTRACT',
      `${issues.length} problem(s) in the dataset; nothing was audited.\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join('\n'),
    );
    this.name = 'ContractError';
    this.issues = sorted;
  }
}

export class PolicyError extends AuditError {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super('HA_ERR_POLICY', `invalid policy ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyError';
  }
}

/** The caller aborted the audit (its AbortSignal fired); the reason, when one was given, is the cause. */
export class CancelledError extends AuditError {
  constructor(reason?: unknown) {
    const why = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : '';
    super('HA_ERR_CANCELLED', `the audit was cancelled${why}`, reason === undefined ? undefined : { cause: reason });
    this.name = 'CancelledError';
  }
}

/** What an error of work the signal cancelled was: whatever an interrupted statement surfaced as, the cancellation. */
export function asCancellation(e: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted && !(e instanceof CancelledError) ? new CancelledError(signal.reason) : e;
}

/** Throws CancelledError when the signal has fired; the check between phases and queries. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError(signal.reason);
}

/** An AuditError from any copy of this module (see AUDIT_ERROR). */
export function isAuditError(e: unknown): e is AuditError {
  return e instanceof Error && (e as Partial<Record<typeof AUDIT_ERROR, unknown>>)[AUDIT_ERROR] === true;
}
