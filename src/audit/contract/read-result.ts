import { readFile } from 'node:fs/promises';
import { AuditError } from '../errors.js';
import { AuditResult, SCHEMA_VERSION, STATUS_SEVERITY, summarize } from './audit-result.js';

/**
 * Reading a saved AuditResult back (`hireaudit report`, an uploaded result on the server, a
 * notebook): the schema version is checked, the JSON is parsed with the result's own schema, and
 * everything derived is checked against what it is derived from, so an edited or corrupted file is
 * refused rather than trusted. Every way it can be wrong is a clear HA_ERR_FILE naming `name`.
 */

/** How many problems an error message lists before counting the rest. */
const ISSUES_SHOWN = 5;

/** Candidates are sums of weights: compared with this relative tolerance (the JSON keeps 10 significant digits). */
const WEIGHT_TOLERANCE = 1e-9;

const notAuditResult = 'it is not an AuditResult written by "hireaudit audit --format json"';

function refuse(message: string): never {
  throw new AuditError('HA_ERR_FILE', message);
}

function listed(head: string, problems: readonly string[]): string {
  const shown = problems.slice(0, ISSUES_SHOWN).map((p) => `  - ${p}`);
  const more = problems.length > ISSUES_SHOWN ? [`  … and ${problems.length - ISSUES_SHOWN} more`] : [];
  return [head, ...shown, ...more].join('\n');
}

/** Minor versions only add optional fields, so this version reads its own major's 1.0 up to itself. */
function readable(version: unknown): boolean {
  const [major, minor] = SCHEMA_VERSION.split('.').map(Number);
  const m = typeof version === 'string' ? /^(\d+)\.(\d+)\.(\d+)$/.exec(version) : null;
  return m !== null && Number(m[1]) === major && Number(m[2]) <= minor!;
}

const readableRange = () => `${SCHEMA_VERSION.split('.')[0]}.0.0 to ${SCHEMA_VERSION}`;

const sameWeight = (a: number, b: number) => Math.abs(a - b) <= WEIGHT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

/** Where the stored summary disagrees with the one the findings give (empty when it agrees). */
function summaryDisagreements(result: Pick<AuditResult, 'findings' | 'summary'>): string[] {
  const expected = summarize(result.findings);
  const problems: string[] = [];
  if (result.summary.status !== expected.status) {
    problems.push(`summary.status is "${result.summary.status}" but the findings give "${expected.status}"`);
  }
  for (const s of STATUS_SEVERITY) {
    const stored = result.summary.counts[s];
    if (stored !== expected.counts[s]) {
      problems.push(`summary.counts.${s} is ${stored ?? 'missing'} but ${expected.counts[s]} finding(s) have status ${s}`);
    }
  }
  return problems;
}

/** Where the row accounting does not add up: read = used + Σ excluded, for rows and for candidates. */
function accountingDisagreements(accounting: AuditResult['dataset']['accounting']): string[] {
  const problems: string[] = [];
  const excludedRows = accounting.excluded.reduce((s, e) => s + e.rows, 0);
  const excludedCandidates = accounting.excluded.reduce((s, e) => s + e.candidates, 0);
  if (accounting.rowsRead !== accounting.rowsUsed + excludedRows) {
    problems.push(`dataset.accounting: ${accounting.rowsRead} rows read, but ${accounting.rowsUsed} used + ${excludedRows} excluded = ${accounting.rowsUsed + excludedRows}`);
  }
  if (!sameWeight(accounting.candidatesRead, accounting.candidatesUsed + excludedCandidates)) {
    problems.push(
      `dataset.accounting: ${accounting.candidatesRead} candidates read, but ${accounting.candidatesUsed} used + ${excludedCandidates} excluded = ${accounting.candidatesUsed + excludedCandidates}`,
    );
  }
  return problems;
}

/**
 * A saved AuditResult from its JSON text (a string), or from JSON already parsed (e.g. an HTTP
 * body). `name` says where it came from in messages (a file name, "request body"). Pure: no I/O.
 * @throws AuditError HA_ERR_FILE naming what is wrong
 */
export function parseAuditResult(input: unknown, name: string): AuditResult {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      refuse(`${name} is not JSON (${(e as Error).message}); expected an AuditResult written by "hireaudit audit --format json"`);
    }
  }
  const version = json !== null && typeof json === 'object' && 'schemaVersion' in json ? (json as { schemaVersion: unknown }).schemaVersion : undefined;
  if (version === undefined) refuse(`${name} has no schemaVersion: ${notAuditResult}`);
  if (!readable(version)) {
    refuse(`${name} is AuditResult schema ${JSON.stringify(version)}; this hireaudit reads ${readableRange()}. Re-run the audit with this version.`);
  }
  // An older minor version lacks only fields added since, all optional: read it as the current one.
  const parsed = AuditResult.safeParse({ ...(json as object), schemaVersion: SCHEMA_VERSION });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    refuse(listed(`${name} is not a valid AuditResult ${SCHEMA_VERSION}: ${issues.length} problem(s)`, issues));
  }
  const result = parsed.data;
  const problems = [...summaryDisagreements(result), ...accountingDisagreements(result.dataset.accounting)];
  if (problems.length > 0) {
    refuse(listed(`${name} is inconsistent, so it was edited or damaged after the audit wrote it: ${problems.length} problem(s)`, problems));
  }
  return result;
}

/** A saved AuditResult from a file: `parseAuditResult` after reading it, with read errors as HA_ERR_FILE. */
export async function readAuditResult(file: string): Promise<AuditResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    refuse(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`);
  }
  return parseAuditResult(text, file);
}
