/**
 * Disparity-audit benchmark (issue 2). Generates 1M- and 10M-row long-format datasets (CSV and
 * Parquet) with DuckDB, times the full audit of each in a fresh child process (best and median of
 * RUNS), splits the time into ingest phases and disparity scans, times DuckDB's bare reader on the
 * same files, and writes the "Disparity audit" section of BENCHMARKS.md.
 *
 *   npm run bench:disparity               # all sizes and formats
 *   npm run bench:disparity -- 1000000    # only the sizes given (still rewrites the section)
 *
 * Child mode, used by the parent: tsx bench/disparity.ts --child <file>  -> one JSON line.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parsePolicy } from '../src/audit/contract/policy.js';
import { DuckDBEngine } from '../src/audit/engine/duckdb/duckdb-engine.js';
import { runAudit } from '../src/audit/run-audit.js';
import { connect, duckdbMachine, ensureDataset as ensureFile, f2, now, readerOf, runInChild, sizesFromArgs, summarise, writeSection } from './lib/common.js';
import { disparityDatasetSql } from './lib/disparity-data.js';

const DATA_DIR = 'bench/data';
const SIZES = [1_000_000, 10_000_000];
const FORMATS = ['parquet', 'csv'] as const;
const RUNS = 3;
const PROTECTED = ['gender', 'ethnicity', 'age_band'];
/** Issue 2's targets, for 10M rows on a 2-core machine. */
const TARGET_SECONDS = { parquet: 3, csv: 15 };
const TARGET_RSS_MB = 2048;
type Format = (typeof FORMATS)[number];

const fileFor = (rows: number, format: Format) => `${DATA_DIR}/disparity-${rows / 1e6}M.${format}`;
const ensureDataset = (rows: number, format: Format) => ensureFile(fileFor(rows, format), rows, disparityDatasetSql(rows), format);

// 1. Data: disparityDatasetSql (bench/lib/disparity-data.ts), as Parquet and as CSV.

// 2. One audit (child mode) ------------------------------------------------------------------
// Phases from the audit's progress events; scan time from the engine's aggregate calls;
// CPU time of all threads, and peak RSS, from the kernel's account of this process.
interface Phases {
  read: number;
  check: number;
  normalise: number;
  scans: number;
  stats: number;
  /** After the disparity family: the other families that apply, requirement rules, the JSON. */
  rest: number;
}
interface RunResult {
  seconds: number;
  cpuSeconds: number;
  phases: Phases;
  rssMb: number;
}

async function auditOnce(path: string): Promise<RunResult> {
  const marks: { message: string; at: number; scans: number }[] = [{ message: 'start', at: now(), scans: 0 }];
  for (const method of ['aggregate', 'medians'] as const) {
    const original = DuckDBEngine.prototype[method] as (query: unknown) => Promise<unknown>;
    (DuckDBEngine.prototype[method] as unknown) = async function (this: DuckDBEngine, query: unknown) {
      const t = now();
      try {
        return await original.call(this, query);
      } finally {
        marks.at(-1)!.scans += now() - t; // charged to the phase the last progress message opened
      }
    };
  }
  const cpu = process.cpuUsage();
  await runAudit({
    source: { kind: 'file', path },
    policy: parsePolicy({ protected: PROTECTED, intersectional: true }),
    onProgress: (p) => marks.push({ message: p.phase === 'scan' ? `scan:${p.family}` : (p.message ?? p.phase), at: now(), scans: 0 }),
  });
  const { user, system } = process.cpuUsage(cpu);
  marks.push({ message: 'end', at: now(), scans: 0 });
  const index = (prefix: string) => marks.findIndex((m) => m.message.startsWith(prefix));
  const at = (prefix: string) => marks[index(prefix)]!.at;
  const disparity = index('scan:disparity');
  const [start, scan, next, end] = [marks[0]!, marks[disparity]!, marks[disparity + 1]!, marks.at(-1)!];
  return {
    seconds: end.at - start.at,
    cpuSeconds: (user + system) / 1e6,
    phases: {
      read: at('checking') - start.at, // engine start, file check, DuckDB's read
      check: at('building') - at('checking'),
      normalise: scan.at - at('building'), // candidates table and row accounting
      scans: scan.scans,
      stats: next.at - scan.at - scan.scans,
      rest: end.at - next.at,
    },
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const auditInChild = (path: string) => runInChild<RunResult>('bench/disparity.ts', [path], `audit of ${path} failed`);

// 3. What bounds it: DuckDB alone on the same file, and the file's sha256 (the audit computes it
//    beside DuckDB's read).
interface Bare {
  scan: number;
  load: number;
  sha256: number;
}

async function bare(path: string, format: Format): Promise<Bare> {
  const db = await connect();
  const time = async (work: () => Promise<unknown>) => {
    const t = now();
    await work();
    return now() - t;
  };
  return {
    scan: await time(() => db.run(`SELECT max(COLUMNS(*)) FROM ${readerOf(path, format)}`)),
    load: await time(() => db.run(`CREATE TABLE raw AS SELECT * FROM ${readerOf(path, format)}`)),
    sha256: await time(async () => {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
    }),
  };
}

// 4. Report ----------------------------------------------------------------------------------
interface Row {
  format: Format;
  rows: number;
  best: RunResult;
  median: number;
  peakRssMb: number;
  bare: Bare;
  load: string;
}

function report(rows: Row[]): string {
  const n = (r: Row) => r.rows.toLocaleString('en');
  return [
    `| format | rows | seconds (best of ${RUNS}) | median | rows/s | CPU s (best run) | peak RSS MB | load average before |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.format} | ${n(r)} | ${f2(r.best.seconds)} | ${f2(r.median)} | ${(r.rows / r.best.seconds / 1e6).toFixed(2)}M | ${f2(r.best.cpuSeconds)} | ${r.peakRssMb.toFixed(0)} | ${r.load} |`,
    ),
    '',
    'Where the best run spent its time, in seconds (ingest = read + contract check + normalise):',
    '',
    '| format | rows | read | contract check | normalise | **ingest** | **disparity scans** | disparity statistics | other families, rules, JSON |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const p = r.best.phases;
      return `| ${r.format} | ${n(r)} | ${[p.read, p.check, p.normalise, p.read + p.check + p.normalise, p.scans, p.stats, p.rest].map(f2).join(' | ')} |`;
    }),
    '',
    'DuckDB alone on the same file, in seconds: scanning every column (`SELECT max(COLUMNS(*))`), and',
    "copying the file into a table (what ingest's read does for CSV); and Node's sha256 of the file:",
    '',
    '| format | rows | bare scan | bare load into a table | sha256 |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.format} | ${n(r)} | ${[r.bare.scan, r.bare.load, r.bare.sha256].map(f2).join(' | ')} |`),
  ].join('\n');
}

function verdicts(rows: Row[]): string {
  const lines: string[] = [];
  for (const format of FORMATS) {
    const r = rows.find((x) => x.format === format && x.rows === 10_000_000);
    if (!r) continue;
    const p = r.best.phases;
    const met = r.best.seconds < TARGET_SECONDS[format];
    const phases = Object.entries({ read: p.read, 'contract check': p.check, normalise: p.normalise, 'disparity scans': p.scans });
    const [first, second] = phases.sort((a, b) => b[1] - a[1]).map(([name, s]) => `${name} ${f2(s)} s`);
    lines.push(
      `- 10M rows from ${format}: ${f2(r.best.seconds)} s against ${TARGET_SECONDS[format]} s, **${met ? 'met' : 'missed'}**. ` +
        `Largest phases: ${first}, ${second}; ingest in all ${f2(p.read + p.check + p.normalise)} s. ` +
        `${f2(r.best.cpuSeconds)} CPU-seconds, i.e. at least ${f2(r.best.cpuSeconds / cpus().length)} s on ${cpus().length} idle cores. ` +
        `DuckDB alone scans the file in ${f2(r.bare.scan)} s and copies it into a table in ${f2(r.bare.load)} s.`,
    );
  }
  const peak = Math.max(...rows.map((r) => r.peakRssMb));
  lines.push(`- Peak RSS, largest over all runs: ${peak.toFixed(0)} MB against ${TARGET_RSS_MB} MB, **${peak < TARGET_RSS_MB ? 'met' : 'missed'}**.`);
  return lines.join('\n');
}

async function machine(): Promise<string> {
  return duckdbMachine(' on ');
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const size of sizesFromArgs(SIZES)) {
    for (const format of FORMATS) {
      const path = await ensureDataset(size, format);
      const load = loadavg().map((l) => l.toFixed(1)).join(' ');
      const runs = Array.from({ length: RUNS }, () => auditInChild(path));
      const { best, median, peakRssMb } = summarise(runs, (r) => r.seconds);
      const seconds = runs.map((r) => r.seconds);
      rows.push({ format, rows: size, best, median, peakRssMb, bare: await bare(path, format), load });
      process.stderr.write(`${format} ${size}: ${seconds.map(f2).join(', ')} s\n`);
    }
  }
  const tables = report(rows);
  console.log(tables);
  await writeSection('## Disparity audit', `
Measured ${await machine()}.

Reproduce with \`npm run bench:disparity\`: it generates the datasets under bench/data/ on first
use (deterministic; 3 stages, protected attributes gender, ethnicity and age_band, a 0/1 decision
with small injected disparities, a score), then audits each file ${RUNS} times, each time in a fresh
process, with \`runAudit\`: protected ${PROTECTED.join(', ')}, intersectional on, all other policy
defaults. Seconds are wall-clock time of \`runAudit\`; CPU seconds count all of DuckDB's threads.
This machine is shared: the load average before each set of runs shows what else was running.

${tables}

### Targets (issue 2)

${verdicts(rows)}
`);
}

if (process.argv[2] === '--child') console.log(JSON.stringify(await auditOnce(process.argv[3]!)));
else await main();
