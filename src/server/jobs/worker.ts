/**
 * Entry point of a job's child process: audits (or contract checks) run here, never on the
 * server's event loop, and a cancelled or crashed audit takes only this process with it.
 * One job per process; it exits when the job is done or when the server goes away.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { toJson } from '../../audit/contract/canonical-json.js';
import { readAuditResult } from '../../audit/contract/read-result.js';
import { privateKeyFromPem, signatureJson, signResult } from '../../audit/contract/signature.js';
import { DuckDBEngine } from '../../audit/engine/duckdb/duckdb-engine.js';
import { ContractError, isAuditError, PolicyError } from '../../audit/errors.js';
import { ingest } from '../../audit/ingest/ingest.js';
import type { FileFormat } from '../../audit/ingest/source.js';
import { isNoRoom } from '../no-room.js';
import { fsyncDir, renameDurable, tempNameFor, writeFileDurable } from '../store/durable-fs.js';
import { type CheckOutcome, type JobFailure, type JobReply, type JobRequest, MANIFEST } from './protocol.js';
import { auditFile, renderAll, renderReworded } from './service.js';

const send = (reply: JobReply) => new Promise<void>((resolve) => process.send!(reply, undefined, {}, () => resolve()));

/**
 * 1. Audit the stored upload with the applied policy.
 * 2. Render every output format and sign the result.
 * 3. Write all files into a temporary folder (each fsync'd), the manifest last.
 * 4. Rename the folder into place: the result appears whole or not at all.
 */
async function audit(job: Extract<JobRequest, { kind: 'audit' }>): Promise<Record<string, string>> {
  const key = privateKeyFromPem(job.privateKeyPem);
  const result = await auditFile({
    path: job.path,
    format: job.format,
    policy: job.policy,
    auditId: job.auditId,
    ...(job.engine !== undefined ? { engine: job.engine } : {}),
    onProgress: (progress) => void send({ type: 'progress', progress }),
  });
  const files: [string, string | Uint8Array][] = (await renderAll(result)).map((o) => [o.fileName, o.content]);
  files.push(['audit-result.json.sig', signatureJson(signResult(result, key))]);
  const temp = tempNameFor(job.outDir);
  const manifest = await writeFolder(files, temp);
  await mkdir(dirname(job.outDir), { recursive: true });
  await renameDurable(temp, job.outDir);
  return manifest;
}

/**
 * Writes every file into `temp` (each fsync'd), the manifest (name -> sha256) last; the caller
 * renames the folder into place, so it appears whole or not at all. A folder that could not be
 * written whole is removed at once: on a full disk it would hold the very space that is missing.
 */
async function writeFolder(files: readonly [string, string | Uint8Array][], temp: string): Promise<Record<string, string>> {
  await rm(temp, { recursive: true, force: true });
  const manifest: Record<string, string> = {};
  try {
    for (const [name, content] of files) {
      await writeFileDurable(join(temp, name), content);
      manifest[name] = createHash('sha256').update(content).digest('hex');
    }
    for (const sub of new Set(files.map(([n]) => dirname(join(temp, n))))) await fsyncDir(sub);
    await writeFileDurable(join(temp, MANIFEST), toJson(manifest));
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
  return manifest;
}

/**
 * A finished audit's outputs in another language, from its stored result (read back and checked
 * like any saved result). Written once: when another request or instance renamed the same
 * folder into place first, its files (the same bytes: rendering is deterministic) are kept.
 */
async function render(job: Extract<JobRequest, { kind: 'render' }>): Promise<Record<string, string>> {
  const saved = await readAuditResult(job.resultFile);
  const files: [string, string | Uint8Array][] = (await renderReworded(saved, job.lang)).map((o) => [o.fileName, o.content]);
  const manifest = await writeFolder(files, job.tempDir);
  try {
    await renameDurable(job.tempDir, job.outDir);
    return manifest;
  } catch (e) {
    await rm(job.tempDir, { recursive: true, force: true });
    if ((e as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return JSON.parse(await readFile(join(job.outDir, MANIFEST), 'utf8')) as Record<string, string>;
  }
}

/** The file's columns, read from its header or schema only (for the dataset's metadata: names, never values). */
function headerReader(path: string, format: FileFormat): string {
  const file = `'${path.replaceAll("'", "''")}'`;
  if (format === 'csv' || format === 'tsv') return `read_csv(${file}, header = true, all_varchar = true, delim = '${format === 'tsv' ? '\\t' : ','}')`;
  if (format === 'parquet') return `read_parquet(${file})`;
  return `read_json(${file}, format = '${format === 'json' ? 'array' : 'newline_delimited'}')`;
}

/** The contract check of an upload: everything the audit would refuse, found before the 201. */
async function check(job: Extract<JobRequest, { kind: 'check' }>): Promise<CheckOutcome> {
  const engine = await DuckDBEngine.open({ threads: 1 });
  try {
    const profile = await ingest(engine, { kind: 'file', path: job.path, format: job.format }, job.policy);
    const cols = await engine.rows(`DESCRIBE SELECT * FROM ${headerReader(job.path, job.format)}`);
    return { columns: cols.map((c) => String(c['column_name'])), rows: profile.accounting.rowsRead };
  } finally {
    await engine.close();
  }
}

/** The error as data, with the server's path of the upload replaced by the client's file name. */
function failure(e: unknown, job: JobRequest): JobFailure {
  const inJson = (text: string) => JSON.stringify(text).slice(1, -1);
  let text = JSON.stringify(rawFailure(e));
  if (job.kind !== 'render') text = text.replaceAll(inJson(job.path), inJson(job.name));
  // The engine's limits name its folder under the server's temporary folder (a full disk, say).
  return JSON.parse(text.replaceAll(inJson(tmpdir()), "the server's temporary folder")) as JobFailure;
}

function rawFailure(e: unknown): JobFailure {
  if (e instanceof ContractError) return { code: e.code, message: e.message, issues: [...e.issues] };
  if (e instanceof PolicyError) return { code: e.code, message: e.message, issues: [...e.problems] };
  if (isAuditError(e)) return { code: e.code, message: e.message };
  // The code only: the error's message names the server's data folder, which is not the client's to see.
  if (isNoRoom(e)) return { code: 'HA_ERR_STORAGE', message: `the server had no room left to write this job's outputs (${(e as NodeJS.ErrnoException).code}): free space in its data folder, then run it again` };
  return { code: 'HA_ERR_INTERNAL', message: (e as Error)?.message ?? String(e) };
}

process.on('disconnect', () => process.exit(1)); // the server died or gave up on this job
process.once('message', (job: JobRequest) => {
  const work =
    job.kind === 'audit'
      ? audit(job).then((outputs): JobReply => ({ type: 'done', outputs }))
      : job.kind === 'render'
        ? render(job).then((outputs): JobReply => ({ type: 'done', outputs }))
        : check(job).then((outcome): JobReply => ({ type: 'checked', outcome }));
  work
    .catch((e: unknown): JobReply => ({ type: 'error', error: failure(e, job) }))
    .then(send)
    .then(() => process.exit(0), () => process.exit(3));
});
