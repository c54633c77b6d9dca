import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Language } from '../audit/contract/policy.js';
import { AuditError, isAuditError } from '../audit/errors.js';
import { VERSION } from '../audit/version.js';
import { FORMATS, MULTI_FILE_FORMATS } from '../reports/render.js';
import type { AuditFlags } from './audit-command.js';
import { engineFlags } from './load-command.js';
import { interruptible, interruptionOf } from './interrupts.js';
import { emitOutputs, exitCodeFor, FAIL_ON } from './outputs.js';
// Both light (node built-ins only): flags are checked before any heavy module loads.
import { checkOutputFolder } from '../io/atomic-write.js';
import { parseDelimiter, parseEncoding } from './text-flags.js';

// Only light modules are imported above, so `--version` and `--help` answer without loading the
// engine, zod's schemas, Vega or TensorFlow.js; each command imports what it needs when it runs.

const HELP = `hireaudit ${VERSION} — audit an algorithmic hiring tool from its decisions

Usage:
  hireaudit audit <file> [options]     audit a CSV, TSV, Parquet, JSON or NDJSON dataset
  hireaudit audit --engine <url> --table <t> [options]   audit a table already in ClickHouse
  hireaudit load <file> --engine <url> --table <t> [--policy f] [--protected a,b]
                                       check and normalise a dataset, then load it into ClickHouse
  hireaudit report <audit-result.json> [--format f,…] [--out dir] [--fail-on l] [--suppress-below n] [--lang l]
                                       re-render a saved AuditResult without re-auditing
  hireaudit serve [--data-dir d] [--port n] [--host h] [--workers n]
                                       the audit API and web page (hireaudit serve --help)
  hireaudit keys create|list|revoke    API keys of the server's tenants (hireaudit keys --help)
  hireaudit verify <audit-result.json> --key <pub.pem> [--data file]
                                       check a signed result and, given the file, its data
  hireaudit --help | --version

Options for audit (report takes --format, --out, --fail-on, --suppress-below and --lang):
  --policy <file>          policy (YAML or JSON): column mapping, protected attributes, thresholds
  --protected <a,b>        protected attribute columns (overrides the policy's list)
  --format <f[,f]>         ${FORMATS.join(', ')} (default md); several, or ${MULTI_FILE_FORMATS.join('/')}, need --out
  --out <dir>              write audit-result.json, summary.md, report.html, junit.xml,
                           ll144-summary.md/.html, or-brief.md/.html (the works-council
                           briefing) and charts/*.svg|png into this folder
  --suppress-below <n>     LL144 summary: show counts under n as "<n" and withhold rates that reveal them
  --lang <en|nl>           report language, recorded in the applied policy (default: the policy's, else en);
                           nl also judges the WOR (works council) rule set unless the policy lists its sets;
                           report --lang re-words a saved result's findings in that language
  --fail-on <level>        ${FAIL_ON.join(' | ')} (default fail): which findings make the exit code 1;
                           warn also counts insufficient evidence
  --seed <n>               seed for anything random (default: the policy's, else 1)
  --input-format <f>       csv, tsv, parquet, json or ndjson when the extension does not tell
  --delimiter <c>          CSV/TSV field separator, one character or "tab" (default "," or tab)
  --encoding <e>           CSV/TSV text encoding: utf-8 (default), latin-1 or utf-16
  --audit-date <date>      the date the audit speaks for (YYYY-MM-DD; default today, recorded in the result)
  --benchmark <file>       the benchmark (incumbents the tool was calibrated on) as a separate file
                           with the same trait_* columns: audited as role=benchmark rows
  --engine <url>           clickhouse://[user@]host:port[,host:port…]/database[?cluster=name]
                           (credentials: HIREAUDIT_CLICKHOUSE_USER, HIREAUDIT_CLICKHOUSE_PASSWORD
                           or HIREAUDIT_CLICKHOUSE_PASSWORD_FILE; several hosts + cluster: load
                           creates a Distributed table over one local table per shard)
  --table <name>           the ClickHouse table to load into or audit
  --memory-limit <size>    DuckDB's memory (audit of a file, load), e.g. 1.5GB or 800MiB; past it DuckDB
                           spills to disk (default: half the machine's memory, at most 1 GiB)
  --replace                load: replace the table if it exists (without it, an existing table is refused)
  --sign <key.pem>         sign the AuditResult with an Ed25519 private key: writes
                           audit-result.json and audit-result.json.sig into --out

Exit codes: 0 nothing reached --fail-on; 1 something did; 2 usage or input error (message on
stderr); 3 internal error; 130 or 143 stopped by Ctrl-C or SIGTERM (nothing written, temporary
files removed).
`;

/** A DuckDB memory size: a number and a unit (KB, MB, GB, TB or KiB … TiB). */
const MEMORY_SIZE = /^\s*\d+(\.\d+)?\s*[kmgt]i?b\s*$/i;

function usage(message: string): never {
  throw new AuditError('HA_ERR_USAGE', `${message}\nRun "hireaudit --help" for usage.`);
}

async function parseFlags(argv: string[]): Promise<{ command: 'help' | 'version' | 'audit' | 'load' | 'report'; file?: string; flags: AuditFlags; sign?: string }> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        policy: { type: 'string' },
        protected: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'fail-on': { type: 'string' },
        seed: { type: 'string' },
        'input-format': { type: 'string' },
        benchmark: { type: 'string' },
        engine: { type: 'string' },
        table: { type: 'string' },
        'suppress-below': { type: 'string' },
        'memory-limit': { type: 'string' },
        lang: { type: 'string' },
        'audit-date': { type: 'string' },
        encoding: { type: 'string' },
        delimiter: { type: 'string' },
        replace: { type: 'boolean' },
        sign: { type: 'string' },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', flags: {} };
  if (values.version) return { command: 'version', flags: {} };
  const [command, file, ...rest] = positionals;
  if (command === undefined) usage('no command given');
  if (command !== 'audit' && command !== 'load' && command !== 'report') usage(`unknown command "${command}"`);
  if (command === 'report') {
    const auditOnly = (['engine', 'table', 'policy', 'protected', 'seed', 'input-format', 'benchmark', 'audit-date', 'encoding', 'delimiter', 'replace', 'memory-limit'] as const).find((k) => values[k] !== undefined);
    if (auditOnly) usage(`report re-renders a saved AuditResult; --${auditOnly} goes with audit`);
  }
  const onEngine = command === 'report' ? {} : engineFlags(command, values);
  if (command === 'audit' && onEngine.engine !== undefined) {
    if (file !== undefined) usage('audit --engine reads the table named by --table, not a file');
  } else if (file === undefined) usage(command === 'report' ? 'report needs a saved AuditResult (audit-result.json)' : `${command} needs a dataset file`);
  if (rest.length > 0) usage(`unexpected argument "${rest[0]}"`);
  const flags: AuditFlags = { ...onEngine };
  if (values.policy !== undefined) flags.policy = values.policy;
  if (values.protected !== undefined) flags.protected = values.protected.split(',').map((s) => s.trim()).filter(Boolean);
  if (values.format !== undefined) {
    const formats = values.format.split(',').map((s) => s.trim());
    for (const f of formats) if (!(FORMATS as readonly string[]).includes(f)) usage(`unknown format "${f}" (use ${FORMATS.join(', ')})`);
    flags.formats = formats as AuditFlags['formats'] & string[];
  }
  if (values.out !== undefined) flags.out = values.out;
  // Checked before any work: an audit must not run only to be refused for where its output goes.
  if ((flags.formats?.length ?? 0) > 1 && flags.out === undefined) usage('several formats need --out <dir>');
  const multi = flags.formats?.find((f) => MULTI_FILE_FORMATS.includes(f));
  if (multi !== undefined && flags.out === undefined) usage(`--format ${multi} writes several files and needs --out <dir>`);
  if (values['suppress-below'] !== undefined) {
    const n = Number(values['suppress-below']);
    if (!Number.isInteger(n) || n < 1) usage(`--suppress-below must be a whole number of at least 1, got "${values['suppress-below']}"`);
    flags.suppressBelow = n;
  }
  if (values['memory-limit'] !== undefined) {
    if (command === 'audit' && onEngine.engine !== undefined) usage('--memory-limit bounds the embedded DuckDB engine; an audit on ClickHouse runs in the servers');
    if (!MEMORY_SIZE.test(values['memory-limit'])) usage(`--memory-limit must be a size such as 1.5GB or 800MiB, got "${values['memory-limit']}"`);
    flags.memoryLimit = values['memory-limit'];
  }
  if (values['fail-on'] !== undefined) {
    if (!(FAIL_ON as readonly string[]).includes(values['fail-on'])) usage(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
    flags.failOn = values['fail-on'] as (typeof FAIL_ON)[number];
  }
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 1 || seed > 0xffffffff) usage(`--seed must be a whole number from 1 to 4294967295, got "${values.seed}"`);
    flags.seed = seed;
  }
  if (values.lang !== undefined) {
    const { Language } = await import('../audit/contract/policy.js'); // zod's schemas: only when --lang is given
    if (!(Language.options as readonly string[]).includes(values.lang)) usage(`--lang must be one of ${Language.options.join(', ')}, got "${values.lang}"`);
    flags.lang = values.lang as Language;
  }
  if (values['input-format'] !== undefined) flags.inputFormat = values['input-format'];
  if (values.benchmark !== undefined) {
    if (command !== 'audit' || onEngine.engine !== undefined) usage('--benchmark goes with "audit <file>"; for a table in ClickHouse, load the benchmark rows (role=benchmark) with the dataset');
    flags.benchmark = values.benchmark;
  }
  if (values['audit-date'] !== undefined) {
    const date = values['audit-date'];
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
    if (!valid) usage(`--audit-date must be a calendar date YYYY-MM-DD, got "${date}"`);
    flags.auditDate = date;
  }
  if (values.encoding !== undefined) flags.encoding = parseEncoding(values.encoding);
  if (values.delimiter !== undefined) flags.delimiter = parseDelimiter(values.delimiter);
  if (values.replace) {
    if (command !== 'load') usage('--replace goes with load (it replaces an existing ClickHouse table)');
    flags.replace = true;
  }
  if (values.sign !== undefined && (command !== 'audit' || flags.out === undefined)) usage('--sign goes with "audit … --out <dir>": the signature is written beside audit-result.json');
  const signed = values.sign === undefined ? {} : { sign: values.sign };
  return file === undefined ? { command, flags, ...signed } : { command, file, flags, ...signed };
}

/** Commands with their own flags, loaded only when used (the server's dependencies stay out of a plain audit). */
const SUBCOMMANDS: Record<string, () => Promise<(argv: string[], io: CliIo) => Promise<number>>> = {
  serve: async () => (await import('./serve-command.js')).serveCommand,
  keys: async () => (await import('./keys-command.js')).keysCommand,
  verify: async () => (await import('./verify-command.js')).verifyCommand,
};

/** Where the CLI writes: process.stdout/stderr, or any writable streams (tests capture output this way). */
export interface CliIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const sub = argv[0] === undefined ? undefined : SUBCOMMANDS[argv[0]];
    if (sub) return await (await sub())(argv.slice(1), io);
    const { command, file, flags, sign } = await parseFlags(argv);
    // The signing key is read before the audit: a wrong path must not cost a whole audit.
    const signingKey = sign === undefined ? undefined : await (await import('./sign-output.js')).loadSigningKey(sign);
    if (command === 'help') {
      io.stdout.write(HELP);
      return 0;
    }
    if (command === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command === 'load') {
      const [{ checkInputFormat, resolvePolicy }, { loadCommand }] = await Promise.all([import('./audit-command.js'), import('./load-command.js')]);
      checkInputFormat(flags);
      const policy = await resolvePolicy(flags);
      return await interruptible((signal) => loadCommand(file!, flags, policy, io, signal));
    }
    // Before any work: an audit must not run only to find it cannot write its outputs.
    if (flags.out !== undefined) await checkOutputFolder(flags.out);
    const { result, outputs } =
      command === 'report'
        ? await (await import('./report-command.js')).reportCommand(file!, flags.formats ?? ['md'], flags.suppressBelow === undefined ? {} : { suppressBelow: flags.suppressBelow }, flags.lang)
        : await (async () => {
            const { auditCommand } = await import('./audit-command.js');
            return interruptible((signal) => auditCommand(file ?? '', flags, io.stderr, signal));
          })();
    const signed = signingKey === undefined ? [] : (await import('./sign-output.js')).signatureOutputs(result, outputs, signingKey);
    await emitOutputs([...outputs, ...signed], flags.out, io.stdout);
    return exitCodeFor(result, flags.failOn);
  } catch (e) {
    const interruption = interruptionOf(e);
    if (interruption) {
      io.stderr.write(`hireaudit: ${interruption.message}: stopped, and its temporary files removed\n`);
      return interruption.exitCode;
    }
    if (isAuditError(e)) {
      io.stderr.write(`hireaudit: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`hireaudit: internal error: ${(e as Error).message ?? String(e)}\nPlease report this with the command you ran.\n`);
    return 3;
  }
}
