import { createHash } from 'node:crypto';
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { basename, extname } from 'node:path';
import { AuditError } from '../errors.js';
import type { TextEncoding } from './text-scan.js';

/** Where a dataset comes from: a file DuckDB reads, or records already in memory. */
export type DatasetSource =
  | {
      kind: 'file';
      path: string;
      format?: FileFormat;
      /** CSV/TSV field delimiter (one ASCII character); default ',' (CSV) or tab (TSV). */
      delimiter?: string;
      /** Text encoding of a CSV/TSV file; default UTF-8. */
      encoding?: TextEncoding;
    }
  | { kind: 'records'; records: readonly Record<string, unknown>[]; name?: string };

export type FileFormat = 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson';

const EXTENSIONS: Record<string, FileFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.parquet': 'parquet',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

export function detectFormat(path: string): FileFormat {
  const ext = extname(path.endsWith('.gz') ? path.slice(0, -3) : path).toLowerCase();
  const format = EXTENSIONS[ext];
  if (!format) {
    throw new AuditError(
      'HA_ERR_USAGE',
      `cannot tell the format of ${basename(path)} from its extension "${ext}"; use one of ${Object.keys(EXTENSIONS).join(', ')} (or --input-format)`,
    );
  }
  return format;
}

/** Checks the file can be audited at all: it exists, is a readable regular file, and is not empty. */
export async function checkFile(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new AuditError('HA_ERR_FILE', `cannot read ${path}: ${why}`);
  }
  if (!info.isFile()) throw new AuditError('HA_ERR_FILE', `cannot read ${path}: not a regular file`);
  if (info.size === 0) throw new AuditError('HA_ERR_FILE', `${path} is empty (0 bytes): nothing to audit`);
  try {
    await access(path, constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AuditError('HA_ERR_FILE', `cannot read ${path}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message}`);
  }
  return info.size;
}

/** sha256 of in-memory records in a canonical JSON form (keys sorted), so equal data hash equally. */
export function hashRecords(records: readonly Record<string, unknown>[]): string {
  const hash = createHash('sha256');
  for (const r of records) {
    const keys = Object.keys(r).sort();
    hash.update(JSON.stringify(keys.map((k) => [k, r[k] ?? null])));
    hash.update('\n');
  }
  return `sha256:${hash.digest('hex')}`;
}
