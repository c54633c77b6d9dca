import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileFormat } from '../audit/ingest/source.js';
import { isNoRoom } from './no-room.js';
import { HttpProblem } from './problem.js';

/** Content types of raw-body uploads, and the format each means. */
export const UPLOAD_TYPES: Record<string, FileFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/vnd.apache.parquet': 'parquet',
  'application/x-parquet': 'parquet',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/ndjson': 'ndjson',
};

/** A raw body of any upload format, told by its file name's extension. */
export const OCTET_STREAM = 'application/octet-stream';

const EXTENSION: Record<FileFormat, string> = { csv: '.csv', tsv: '.tsv', parquet: '.parquet', json: '.json', ndjson: '.ndjson' };
const FORMAT_OF_EXTENSION: Record<string, FileFormat> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', parquet: 'parquet', json: 'json', ndjson: 'ndjson', jsonl: 'ndjson' };

export function formatOfName(name: string): FileFormat | null {
  const m = /\.([A-Za-z]+)$/.exec(name);
  return m ? (FORMAT_OF_EXTENSION[m[1]!.toLowerCase()] ?? null) : null;
}

/**
 * The client's file name made safe as a path component and as the AuditResult's dataset.source:
 * letters, digits, dot, dash and underscore only, no leading dot, at most 100 characters, with
 * the extension of its format.
 */
export function safeName(name: string | undefined, format: FileFormat): string {
  let n = basename((name ?? '').replaceAll('\\', '/'))
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.]+/, '')
    .slice(0, 100);
  if (n === '') n = 'upload';
  return formatOfName(n) === format ? n : `${n}${EXTENSION[format]}`;
}

export interface Received {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Streams an upload to a temporary file, hashing and counting as the bytes pass, then fsyncs it.
 * Past `maxBytes` the upload is cut off (413) and nothing of it stays.
 */
export async function receive(stream: Readable, dir: string, maxBytes: number, truncated: () => boolean = () => false): Promise<Received> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `.tmp-upload-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  // Past the limit the rest is read and dropped (so the client can read the 413 before the
  // connection closes), up to DISCARD_LIMIT more; beyond that the connection is cut.
  const meter = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      size += chunk.length;
      if (size > maxBytes + DISCARD_LIMIT) return callback(tooLarge(maxBytes));
      if (size > maxBytes) return callback();
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, createWriteStream(path, { flags: 'wx' }));
    if (truncated() || size > maxBytes) throw tooLarge(maxBytes);
    const handle = await open(path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await rm(path, { force: true });
    if (e instanceof HttpProblem) throw e;
    // The server's disk, not the client's request: a 5xx the client may try again later.
    if (isNoRoom(e)) throw noRoom();
    throw new HttpProblem(400, 'HA_ERR_UPLOAD', `the upload did not arrive whole: ${(e as Error).message}`);
  }
  if (size === 0) {
    await rm(path, { force: true });
    throw new HttpProblem(422, 'HA_ERR_FILE', 'the upload is empty (0 bytes): nothing to audit');
  }
  return { path, size, sha256: `sha256:${hash.digest('hex')}` };
}

const DISCARD_LIMIT = 16 << 20;

const noRoom = () =>
  new HttpProblem(507, 'HA_ERR_STORAGE', 'the server has no room left to store this upload; nothing of it was kept: try again later, or ask the operator to free space in its data folder');

export const tooLarge = (maxBytes: number) =>
  new HttpProblem(413, 'HA_ERR_TOO_LARGE', `the upload is larger than this server's limit of ${maxBytes} bytes`, { headers: { connection: 'close' } });
