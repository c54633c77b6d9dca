import { AuditError } from '../audit/errors.js';
import type { DatasetSource, FileFormat } from '../audit/ingest/source.js';
import type { TextEncoding } from '../audit/ingest/text-scan.js';
import type { AuditFlags } from './audit-command.js';

/*
 * How a dataset file is read (--input-format, --delimiter, --encoding), checked while the flags are parsed: this module loads nothing but
 * the error class, so --help and --version stay fast (tests/cli/lazy-loading.test.ts).
 */

const TEXT_ENCODINGS: readonly TextEncoding[] = ['utf-8', 'latin-1', 'utf-16'];

/** The delimiter as the CLI spells it: one ASCII character, "tab" or "\t" for a tab. */
export function parseDelimiter(text: string): string {
  const d = text === 'tab' || text === '\\t' ? '\t' : text;
  if (d.length !== 1 || d.charCodeAt(0) > 0x7e || d === '"' || d === '\n' || d === '\r') {
    throw new AuditError('HA_ERR_USAGE', `--delimiter must be one ASCII character other than a quote or a line break (or "tab"), got ${JSON.stringify(text)}`);
  }
  return d;
}

export function parseEncoding(text: string): TextEncoding {
  const e = text.toLowerCase().replace(/^latin1$|^iso-?8859-?1$/, 'latin-1').replace(/^utf8$/, 'utf-8').replace(/^utf16$/, 'utf-16');
  if (!(TEXT_ENCODINGS as readonly string[]).includes(e)) throw new AuditError('HA_ERR_USAGE', `--encoding must be one of ${TEXT_ENCODINGS.join(', ')}, got ${JSON.stringify(text)}`);
  return e as TextEncoding;
}


/** The file source of audit and load, with --input-format, --delimiter and --encoding. */
export function fileSource(file: string, flags: AuditFlags): DatasetSource {
  return {
    kind: 'file',
    path: file,
    ...(flags.inputFormat ? { format: flags.inputFormat as FileFormat } : {}),
    ...(flags.delimiter !== undefined ? { delimiter: flags.delimiter } : {}),
    ...(flags.encoding !== undefined ? { encoding: flags.encoding } : {}),
  };
}


/** --memory-limit as the engine options of runAudit and load (absent: the engine's default). */
export const engineOptionsOf = (flags: AuditFlags) => (flags.memoryLimit === undefined ? {} : { engineOptions: { memoryLimit: flags.memoryLimit } });
