import { basename } from 'node:path';
import type { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { AuditError, ContractError } from '../errors.js';
import { loadRawFile, type RawTable } from './raw-table.js';
import type { FileFormat } from './source.js';
import { inspectStart, locateProblems, scanText, type TextEncoding, type TextOptions } from './text-scan.js';

/** How a text file is read, or null for Parquet and compressed files (only hashed). */
export function textOptionsFor(path: string, format: FileFormat, options: { delimiter?: string; encoding?: TextEncoding }): TextOptions | null {
  const delimited = format === 'csv' || format === 'tsv';
  if (!delimited && (options.delimiter !== undefined || (options.encoding ?? 'utf-8') !== 'utf-8')) {
    throw new AuditError('HA_ERR_USAGE', `--delimiter and --encoding go with CSV and TSV files; ${basename(path)} is read as ${format.toUpperCase()}`);
  }
  if (format === 'parquet' || /\.(gz|zst)$/i.test(path)) return null;
  return { delimiter: options.delimiter ?? (format === 'tsv' ? '\t' : ','), encoding: options.encoding ?? 'utf-8', delimited };
}

/**
 * Reads a file into the raw table with its sha256, or refuses it: binary data and a wrong
 * encoding at once (from its first bytes), header problems, and the byte-level problems of the
 * scan that runs beside DuckDB's read (invalid UTF-8, a line over the reader's limit, quoting),
 * named by line and column. Those come before the reader's own errors, which they explain.
 */
export async function readFile(engine: DuckDBEngine, path: string, format: FileFormat, options: { delimiter?: string; encoding?: TextEncoding }): Promise<{ raw: RawTable; hash: string }> {
  const text = textOptionsFor(path, format, options);
  const header = text ? await inspectStart(path, text) : [];
  const scan = scanText(path, text);
  scan.catch(() => {}); // awaited below on every path; this only keeps a failure from being "unhandled" meanwhile
  const problems = async () => {
    const { trouble } = await scan;
    const located = trouble && text ? await locateProblems(path, text) : [];
    return [...header, ...located];
  };
  let raw: RawTable;
  try {
    raw = await loadRawFile(engine, path, format, text);
  } catch (e) {
    const found = await problems();
    if (found.length > 0) throw new ContractError(found);
    throw e;
  }
  const found = await problems();
  if (found.length > 0) throw new ContractError(found);
  return { raw, hash: (await scan).hash };
}
