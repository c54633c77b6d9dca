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
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { parsePolicy } from '../src/audit/contract/policy.js';
import { DuckDBEngine } from '../src/audit/engine/duckdb/duckdb-engine.js';
import { runAudit } from '../src/audit/run-audit.js';

const DATA_DIR = 'bench/data';
const SIZES = [1_000_000, 10_000_000];
const FORMATS = ['parquet', 'csv'] as const;
const RUNS = 3;
const PROTECTED = ['gender', 'ethnicity', 'age_band'];
/** Issue 2's targets, for 10M rows on a 2-core machine. */
const TARGET_SECONDS = { parquet: 3, csv: 15 };
const TARGET_RSS_MB = 2048;
type Format = (typeof FORMATS)[number];

const now = () => performance.now() / 1000;
const f2 = (x: number) => x.toFixed(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fileFor = (rows: number, format: Format) => `${DATA_DIR}/disparity-${rows / 1e6}M.${format}`;
const readerOf = (path: string, format: Format) =>
  format === 'csv' ? `read_csv('${path}', header = true, all_varchar = true)` : `read_parquet('${path}')`;
const connect = async () => (await DuckDBInstance.create(':memory:')).connect();

// 1. Data ------------------------------------------------------------------------------------
// Deterministic: every random column is hash(key * 8 + stream) mapped to [0, 1), from the row
// number (or the candidate number, for attributes that stay with a candidate across stages).
// DuckDB's two-argument hash(i, salt) is not used: it leaves the streams strongly correlated.
// Injected effects on the stage's base selection rate (0.40 / 0.50 / 0.60): cv_screen female
// x0.90, video_interview group_d x0.85, assessment_game 50+ x0.90. 3% of genders are empty.
const u = (key: string, stream: number) => `(hash(${key} * 8 + ${stream}) / 18446744073709551616.0)`;

function datasetSql(rows: number): string {
  return `
    WITH r AS (
      SELECT i // 3 AS cand, i % 3 AS st, ${u('i // 3', 1)} AS ug, ${u('i // 3', 2)} AS ue, ${u('i // 3', 3)} AS ua,
             ${u('i', 4)} AS us, ${u('i', 5)} AS uz
      FROM range(${rows}) t(i)
    ), g AS (
      SELECT *,
        CASE WHEN ug < 0.03 THEN NULL WHEN ug < 0.50 THEN 'female' WHEN ug < 0.97 THEN 'male' ELSE 'nonbinary' END AS gender,
        CASE WHEN ue < 0.55 THEN 'group_a' WHEN ue < 0.75 THEN 'group_b' WHEN ue < 0.90 THEN 'group_c' ELSE 'group_d' END AS ethnicity,
        CASE WHEN ua < 0.30 THEN '<30' WHEN ua < 0.80 THEN '30-49' ELSE '50+' END AS age_band
      FROM r
    ), s AS (
      SELECT *, [0.40, 0.50, 0.60][st + 1]
        * CASE WHEN st = 0 AND gender = 'female' THEN 0.90 ELSE 1 END
        * CASE WHEN st = 1 AND ethnicity = 'group_d' THEN 0.85 ELSE 1 END
        * CASE WHEN st = 2 AND age_band = '50+' THEN 0.90 ELSE 1 END AS rate
      FROM g
    )
    SELECT printf('c%08d', cand) AS candidate_id,
           ['cv_screen', 'video_interview', 'assessment_game'][st + 1] AS stage,
           CAST(us < rate AS INTEGER) AS selected,
           round(100 * (0.6 * uz + 0.4 * (1 - us)), 1) AS score,
           gender, ethnicity, age_band
    FROM s`;
}

async function ensureDataset(rows: number, format: Format): Promise<string> {
  const path = fileFor(rows, format);
  const db = await connect();
  if (existsSync(path)) {
    const [[count]] = (await db.runAndReadAll(`SELECT count(*) FROM ${readerOf(path, format)}`)).getRows() as [[bigint]];
    if (Number(count) === rows) return path;
  }
  process.stderr.write(`generating ${path} ...\n`);
  await db.run(`COPY (${datasetSql(rows)}) TO '${path}.tmp' (${format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet'})`);
  await rename(`${path}.tmp`, path);
  return path;
}

// 2. One audit (child mode) ------------------------------------------------------------------
// Phases from the ingest's progress messages; scan time from the engine's aggregate calls;
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
    progress: (message) => marks.push({ message, at: now(), scans: 0 }),
  });
  const { user, system } = process.cpuUsage(cpu);
  marks.push({ message: 'end', at: now(), scans: 0 });
  const index = (prefix: string) => marks.findIndex((m) => m.message.startsWith(prefix));
  const at = (prefix: string) => marks[index(prefix)]!.at;
  const disparity = index('scanning for group disparity');
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

function auditInChild(path: string): RunResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/disparity.ts', '--child', path], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`audit of ${path} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as RunResult;
}

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
  const cpu = (await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown';
  const [[duckdb]] = (await (await connect()).runAndReadAll('SELECT version()')).getRows() as [[string]];
  const date = execFileSync('date', ['-u'], { encoding: 'utf8' }).trim();
  return `${date} on ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, DuckDB ${duckdb}`;
}

async function writeSection(body: string): Promise<void> {
  const file = 'BENCHMARKS.md';
  const previous = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n';
  const section = `## Disparity audit\n\n${body.trim()}\n`;
  const start = previous.indexOf('## Disparity audit');
  const next = start < 0 ? -1 : previous.indexOf('\n## ', start + 1);
  await writeFile(
    file,
    start < 0 ? `${previous.trimEnd()}\n\n${section}` : `${previous.slice(0, start)}${section}${next < 0 ? '' : previous.slice(next)}`,
  );
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).map(Number).filter((x) => x > 0);
  const rows: Row[] = [];
  for (const size of asked.length ? asked : SIZES) {
    for (const format of FORMATS) {
      const path = await ensureDataset(size, format);
      const load = loadavg().map((l) => l.toFixed(1)).join(' ');
      const runs = Array.from({ length: RUNS }, () => auditInChild(path));
      const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      const seconds = runs.map((r) => r.seconds);
      rows.push({ format, rows: size, best, median: median(seconds), peakRssMb: Math.max(...runs.map((r) => r.rssMb)), bare: await bare(path, format), load });
      process.stderr.write(`${format} ${size}: ${seconds.map(f2).join(', ')} s\n`);
    }
  }
  const tables = report(rows);
  console.log(tables);
  await writeSection(`
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
