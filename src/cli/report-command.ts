import { readFile } from 'node:fs/promises';
import { AuditResult, SCHEMA_VERSION } from '../audit/contract/audit-result.js';
import { AuditError } from '../audit/errors.js';
import { type Format, type RenderOptions, renderOutputs } from './outputs.js';

/** How many schema problems the error message lists before counting the rest. */
const ISSUES_SHOWN = 5;

/** A saved AuditResult, parsed with its own schema; every way it can be wrong is a clear HA_ERR_FILE. */
export async function readAuditResult(file: string): Promise<AuditResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AuditError('HA_ERR_FILE', `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AuditError('HA_ERR_FILE', `${file} is not JSON (${(e as Error).message}); expected an AuditResult written by "hireaudit audit --format json"`);
  }
  const version = json !== null && typeof json === 'object' && 'schemaVersion' in json ? (json as { schemaVersion: unknown }).schemaVersion : undefined;
  if (version === undefined) throw new AuditError('HA_ERR_FILE', `${file} has no schemaVersion: it is not an AuditResult written by "hireaudit audit --format json"`);
  if (!readable(version)) {
    throw new AuditError('HA_ERR_FILE', `${file} is AuditResult schema ${JSON.stringify(version)}; this hireaudit reads ${readableRange()}. Re-run the audit with this version.`);
  }
  // An older minor version lacks only fields added since, all optional: read it as the current one.
  const parsed = AuditResult.safeParse({ ...(json as object), schemaVersion: SCHEMA_VERSION });
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues.slice(0, ISSUES_SHOWN).map((i) => `  - ${i.path.join('.') || '(top level)'}: ${i.message}`);
    const more = issues.length > ISSUES_SHOWN ? [`  … and ${issues.length - ISSUES_SHOWN} more`] : [];
    throw new AuditError('HA_ERR_FILE', [`${file} is not a valid AuditResult ${SCHEMA_VERSION}: ${issues.length} problem(s)`, ...listed, ...more].join('\n'));
  }
  return parsed.data;
}

/** Minor versions only add optional fields, so this version reads its own major's 1.0 up to itself. */
function readable(version: unknown): boolean {
  const [major, minor] = SCHEMA_VERSION.split('.').map(Number);
  const m = typeof version === 'string' ? /^(\d+)\.(\d+)\.(\d+)$/.exec(version) : null;
  return m !== null && Number(m[1]) === major && Number(m[2]) <= minor!;
}

const readableRange = () => `${SCHEMA_VERSION.split('.')[0]}.0.0 to ${SCHEMA_VERSION}`;

/** `hireaudit report <result.json>`: the same outputs as the audit that wrote it, without re-auditing. */
export async function reportCommand(file: string, formats: readonly Format[], options: RenderOptions) {
  const result = await readAuditResult(file);
  return { result, outputs: await renderOutputs(result, formats, options) };
}
