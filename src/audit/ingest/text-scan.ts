import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { AuditError, type ContractIssue } from '../errors.js';

/**
 * What a text dataset (CSV, TSV, JSON, NDJSON) looks like as bytes, checked before and beside
 * DuckDB's read, because the reader's own errors are about its parser, not the file: a PNG named
 * .csv "fails sniffing", a Latin-1 file gives one error per row, a quote that is never closed is
 * read as a literal character (DuckDB then picks "no quoting"), a semicolon file has one column.
 *
 *   1. inspectStart (first 64 KiB, before DuckDB reads): binary files and UTF-16 are refused at
 *      once; the header of a CSV/TSV is checked for duplicate names and a different delimiter.
 *   2. scanText (one streamed pass that also computes the sha256): cheap per-chunk tests for NUL
 *      bytes, invalid UTF-8, lines over the reader's maximum and quoting trouble.
 *   3. locateProblems (only when step 2 found something): a second, byte-exact pass that names
 *      line, column and value of each problem, first five of each kind plus how many more.
 */

export type TextEncoding = 'utf-8' | 'latin-1' | 'utf-16';

/** DuckDB's default max_line_size, passed explicitly so the check and the reader agree. */
export const MAX_LINE_BYTES = 2_000_000;
/** Stream chunk size; below MAX_LINE_BYTES, so a too-long line always spans a chunk boundary. */
const CHUNK = 1 << 20;
const EXAMPLES_PER_PROBLEM = 5;
const QUOTE = 0x22;
const NL = 0x0a;
const CR = 0x0d;

export interface TextOptions {
  /** One ASCII character; ',' for CSV and '\t' for TSV by default. */
  delimiter: string;
  encoding: TextEncoding;
  /** CSV or TSV: quoting and the header are checked (JSON only for bytes and encoding). */
  delimited: boolean;
}

const MAGIC: { bytes: number[]; what: string; hint: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', hint: 'export the data as CSV' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', hint: 'export the data as CSV' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document', hint: 'export the data as CSV' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx or .ods workbook is one)', hint: 'save the sheet as CSV (UTF-8)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel/Office file', hint: 'save the sheet as CSV (UTF-8)' },
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed', hint: 'name it <name>.csv.gz (it is then decompressed while read) or decompress it' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed', hint: 'name it <name>.csv.zst or decompress it' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file', hint: 'name it .parquet or pass --input-format parquet' },
];

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

function notText(path: string, what: string, hint: string): AuditError {
  return new AuditError('HA_ERR_FILE', `${path} is not a text file: it is ${what}; expected ${'CSV/TSV/JSON text'}: ${hint}`);
}

const show = (c: string) => (c === '\t' ? 'tab' : `"${c}"`);

/** Splits one header line on the delimiter, honouring quotes (enough for column names). */
function headerFields(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === delimiter) fields.push(cur), (cur = '');
    else cur += c;
  }
  fields.push(cur);
  return fields.map((f) => f.replace(/\r$/, ''));
}

/**
 * Reads the first 64 KiB: refuses binary data and UTF-16 given as UTF-8 (AuditError), and for
 * CSV/TSV returns the header problems: a column name given twice (with both positions) and a
 * header without the delimiter but with another one.
 */
export async function inspectStart(path: string, options: TextOptions): Promise<ContractIssue[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new AuditError('HA_ERR_FILE', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
  let head: Buffer;
  try {
    const buf = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (options.encoding === 'utf-16') {
    if (!utf16) throw new AuditError('HA_ERR_FILE', `${path} does not start with a UTF-16 byte order mark; --encoding utf-16 needs one (or re-save the file as UTF-8)`);
    return [];
  }
  if (utf16) throw new AuditError('HA_ERR_FILE', `${path} is UTF-16 text: pass --encoding utf-16 (or re-save it as UTF-8)`);
  for (const m of MAGIC) if (startsWith(head, m.bytes)) throw notText(path, m.what, m.hint);
  if (head.indexOf(0) !== -1) throw notText(path, 'binary data (it contains NUL bytes)', 'export the data as CSV, TSV, JSON or Parquet');
  if (!options.delimited) return [];

  const end = head.indexOf(NL);
  const text = head.subarray(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0, end === -1 ? head.length : end).toString(options.encoding === 'latin-1' ? 'latin1' : 'utf8');
  const names = headerFields(text, options.delimiter);
  const issues: ContractIssue[] = [];
  const at = (line: number | null, column: string | null, expected: string, value: string | null = null): ContractIssue => ({ file: path, line, lineKind: line === null ? null : 'line', column, value, expected });
  if (names.length === 1) {
    const others = [',', ';', '\t', '|'].filter((c) => c !== options.delimiter).map((c) => ({ c, n: text.split(c).length - 1 })).filter((o) => o.n > 0).sort((a, b) => b.n - a.n);
    if (others[0]) {
      issues.push(at(1, null, `columns separated by ${show(options.delimiter)}, but the header has none and ${others[0].n} ${show(others[0].c)}: the file seems to be ${show(others[0].c)}-separated; pass --delimiter ${others[0].c === '\t' ? 'tab' : `'${others[0].c}'`}`, text.slice(0, 80)));
    }
  }
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    const seen = first.get(name);
    if (seen === undefined) first.set(name, i);
    else issues.push(at(1, name, `each column name once, but "${name}" is both column ${seen + 1} and column ${i + 1}: rename one (only one can be audited)`));
  });
  return issues;
}

/** What the fast pass saw; `trouble` is true when locateProblems must name the problems. */
export interface ScanResult {
  hash: string;
  trouble: boolean;
}

/**
 * One streamed pass: sha256 of the bytes, and for uncompressed text cheap tests per chunk (native
 * indexOf / isUtf8, plus a quote state machine only in chunks that contain quotes).
 */
export function scanText(path: string, options: TextOptions | null): Promise<ScanResult> {
  const hash = createHash('sha256');
  const check = options !== null && options.encoding !== 'utf-16';
  let trouble = false;
  let offset = 0;
  let lastNewline = -1; // global offset of the last '\n' seen
  let carry = Buffer.alloc(0); // an incomplete UTF-8 sequence at a chunk's end
  // Quote state: 0 outside quotes, 1 inside a quoted field, 2 just after a quote inside one.
  let state = 0;
  let previous = NL; // last byte of the previous chunk (a quote after NL or the delimiter opens a field)
  const delimiter = options?.delimiter.charCodeAt(0) ?? 0x2c;

  const quotes = (buf: Buffer, start: number) => {
    let i = start;
    while (i < buf.length && !trouble) {
      if (state === 0) {
        const q = buf.indexOf(QUOTE, i);
        if (q === -1) return;
        const before = q === 0 ? previous : q === start ? NL : buf[q - 1];
        if (before !== delimiter && before !== NL) trouble = true; // a quote in the middle of a field
        state = 1;
        i = q + 1;
      } else if (state === 1) {
        const q = buf.indexOf(QUOTE, i);
        if (q === -1) return;
        state = 2;
        i = q + 1;
      } else {
        const b = buf[i]!;
        if (b === QUOTE) state = 1; // "" inside a quoted field
        else if (b === delimiter || b === NL || b === CR) state = 0;
        else trouble = true; // text after a closing quote
        i++;
      }
    }
  };

  const chunk = (buf: Buffer) => {
    if (buf.indexOf(0) !== -1) trouble = true;
    if (options!.encoding === 'utf-8') {
      let cut = buf.length;
      for (let k = 1; k <= 3 && k <= buf.length; k++) {
        const b = buf[buf.length - k]!;
        if (b >= 0xc0) {
          const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
          if (need > k) cut = buf.length - k;
          break;
        }
        if (b < 0x80) break;
      }
      const whole = carry.length ? Buffer.concat([carry, buf.subarray(0, cut)]) : buf.subarray(0, cut);
      if (!isUtf8(whole)) trouble = true;
      carry = Buffer.from(buf.subarray(cut));
    }
    const first = options!.delimited ? buf.indexOf(NL) : 0;
    if (!options!.delimited) {
      // JSON has no line limit (a minified array is one line): only bytes and encoding matter.
    } else if (first === -1) {
      if (offset + buf.length - lastNewline > MAX_LINE_BYTES) trouble = true;
    } else {
      if (offset + first - lastNewline > MAX_LINE_BYTES) trouble = true;
      lastNewline = offset + buf.lastIndexOf(NL);
    }
    const bom = offset === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    if (options!.delimited && (state !== 0 || buf.indexOf(QUOTE) !== -1)) quotes(buf, bom);
    previous = buf[buf.length - 1] ?? previous;
  };

  return new Promise((resolve, reject) => {
    createReadStream(path, { highWaterMark: CHUNK })
      .on('data', (data) => {
        const buf = data as Buffer;
        hash.update(buf);
        if (check && !trouble) chunk(buf);
        offset += buf.length;
      })
      .on('error', (e) => reject(new AuditError('HA_ERR_FILE', `cannot read ${path}: ${e.message}`)))
      .on('end', () => {
        if (check && (state === 1 || carry.length > 0 || (options.delimited && offset - lastNewline - 1 > MAX_LINE_BYTES))) trouble = true;
        resolve({ hash: `sha256:${hash.digest('hex')}`, trouble });
      });
  });
}

type ProblemKind = 'encoding' | 'nul' | 'long' | 'bare_quote' | 'after_quote' | 'unclosed';

const EXPECTED: Record<ProblemKind, (options: TextOptions) => string> = {
  encoding: () => 'UTF-8 text: the file is not UTF-8; re-save it as UTF-8 or pass --encoding latin-1',
  nul: () => 'text: this line holds NUL bytes, so the file is not a text file',
  long: () => `a line of at most ${MAX_LINE_BYTES.toLocaleString('en')} bytes (the reader's maximum)`,
  bare_quote: () => 'a quote only at the start of a field (inside a quoted field write it twice: "")',
  after_quote: (o) => `${show(o.delimiter)} or the end of the line right after a closing quote`,
  unclosed: () => 'a closing quote: the quote that opens this field is never closed, so the rest of the file would be read as one value',
};

/**
 * The exact pass: every byte through an RFC 4180 tokenizer that keeps line, column and the
 * field's first bytes; each problem kind lists its first five places and counts the rest.
 */
export function locateProblems(path: string, options: TextOptions): Promise<ContractIssue[]> {
  const delimiter = options.delimiter.charCodeAt(0);
  const found = new Map<ProblemKind, ContractIssue[]>();
  const counts = new Map<ProblemKind, number>();
  const header: string[] = [];
  let line = 1;
  let lineBytes = 0;
  let lineStart: Buffer[] = []; // the line's first bytes, for the encoding and NUL examples
  let lineFlags = 0; // 1: invalid UTF-8, 2: NUL
  let field = 0;
  let record = 0;
  let fieldText: number[] = [];
  let state = 0; // 0 field start, 1 unquoted, 2 quoted, 3 after a quote in a quoted field
  let openLine = 0;
  let openField = 0;
  let pendingUtf8: number[] = [];
  let offset = 0;

  const decode = (bytes: number[] | Buffer) => Buffer.from(bytes).toString(options.encoding === 'latin-1' ? 'latin1' : 'utf8');
  const columnName = (k: number) => (record === 0 ? null : (header[k] ?? `column ${k + 1}`));
  const add = (kind: ProblemKind, issue: Omit<ContractIssue, 'file' | 'expected' | 'lineKind'>) => {
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (n <= EXAMPLES_PER_PROBLEM) {
      const list = found.get(kind) ?? [];
      list.push({ file: path, lineKind: issue.line === null ? null : 'line', ...issue, expected: EXPECTED[kind](options) });
      found.set(kind, list);
    }
  };
  const endField = () => {
    if (record === 0) header.push(decode(fieldText));
    field++;
    fieldText = [];
  };
  const endLine = () => {
    const text = decode(Buffer.concat(lineStart)).split('\n')[0]!.replace(/\r$/, '').slice(0, 80);
    if (lineFlags & 1) add('encoding', { line, column: null, value: text });
    if (lineFlags & 2) add('nul', { line, column: null, value: null });
    if (options.delimited && lineBytes > MAX_LINE_BYTES) add('long', { line, column: null, value: `${lineBytes.toLocaleString('en')} bytes` });
    line++;
    lineBytes = 0;
    lineStart = [];
    lineFlags = 0;
  };
  const utf8 = (b: number) => {
    // Validate per code point: collect a sequence and test it when complete.
    if (pendingUtf8.length === 0) {
      if (b < 0x80) return;
      if (b < 0xc2 || b > 0xf4) return void (lineFlags |= 1);
      pendingUtf8.push(b);
      return;
    }
    pendingUtf8.push(b);
    const lead = pendingUtf8[0]!;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if ((b & 0xc0) !== 0x80) {
      lineFlags |= 1;
      pendingUtf8 = [];
      if (b >= 0x80) utf8(b);
      return;
    }
    if (pendingUtf8.length === need) {
      if (!isUtf8(Buffer.from(pendingUtf8))) lineFlags |= 1;
      pendingUtf8 = [];
    }
  };

  const unquoted = (b: number) => {
    if (b === delimiter) {
      endField();
      state = 0;
    } else if (b === NL) {
      endField();
      endRecord();
    } else if (b === QUOTE) {
      add('bare_quote', { line, column: columnName(field), value: decode([...fieldText, QUOTE]) + '…' });
    } else if (b !== CR && fieldText.length < 60) fieldText.push(b);
  };
  const byte = (b: number) => {
    lineBytes++;
    if (b === 0) lineFlags |= 2;
    if (options.encoding === 'utf-8') utf8(b);
    if (!options.delimited) {
      if (b === NL) endLine();
      return;
    }
    switch (state) {
      case 0:
        if (b === QUOTE) {
          state = 2;
          openLine = line;
          openField = field;
        } else {
          state = 1; // the byte starts an unquoted field
          unquoted(b);
        }
        return;
      case 1:
        unquoted(b);
        return;
      case 2:
        if (b === QUOTE) state = 3;
        else {
          if (fieldText.length < 60) fieldText.push(b);
          if (b === NL) endLine();
        }
        return;
      case 3:
        if (b === QUOTE) {
          state = 2;
          if (fieldText.length < 60) fieldText.push(b);
        } else if (b === delimiter) {
          endField();
          state = 0;
        } else if (b === NL) {
          endField();
          endRecord();
        } else if (b !== CR) {
          add('after_quote', { line, column: columnName(field), value: `"${decode(fieldText)}"${String.fromCharCode(b)}…` });
          state = 1;
        }
        return;
    }
  };
  const endRecord = () => {
    record++;
    field = 0;
    state = 0;
    endLine();
  };

  return new Promise((resolve, reject) => {
    createReadStream(path, { highWaterMark: CHUNK })
      .on('data', (data) => {
        const buf = data as Buffer;
        const bom = offset === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
        offset += buf.length;
        for (let i = bom; i < buf.length; i++) {
          const b = buf[i]!;
          if (lineStart.length < 1 && lineBytes < 200) lineStart.push(buf.subarray(i, Math.min(buf.length, i + 200)));
          byte(b);
        }
      })
      .on('error', (e) => reject(new AuditError('HA_ERR_FILE', `cannot read ${path}: ${e.message}`)))
      .on('end', () => {
        if (pendingUtf8.length) lineFlags |= 1;
        if (state === 2 || state === 3) {
          if (state === 2) add('unclosed', { line: openLine, column: record === 0 ? null : (header[openField] ?? `column ${openField + 1}`), value: null });
        }
        if (lineBytes > 0 || lineFlags) endLine();
        const issues: ContractIssue[] = [];
        for (const [kind, list] of found) {
          const more = (counts.get(kind) ?? 0) - list.length;
          if (more > 0) list[list.length - 1]!.moreLikeThis = more;
          issues.push(...list);
        }
        resolve(issues);
      });
  });
}
