/**
 * What the benchmark scripts share: timing helpers, the generated datasets on disk, one run per
 * fresh child process, best / median / peak RSS of the runs, the machine description and the
 * replacement of one section of BENCHMARKS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Engine } from '../../src/audit/engine/engine.js';

/** Wall clock in seconds. */
export const now = () => performance.now() / 1000;
/** CPU seconds of this process so far, every thread (DuckDB's included). */
export const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const f2 = (x: number) => x.toFixed(2);
export const f3 = (x: number) => x.toFixed(3);

/** A fresh in-memory DuckDB connection. */
export const connect = async () => (await DuckDBInstance.create(':memory:')).connect();

export type Format = 'parquet' | 'csv';

/** DuckDB's table function reading a generated file. */
export const readerOf = (path: string, format: Format) =>
  format === 'csv' ? `read_csv('${path}', header = true, all_varchar = true)` : `read_parquet('${path}')`;

/** DuckDB's table function reading a file as DuckDB alone would: a CSV's types detected by its reader. */
export const detectingReader = (path: string, format: Format) => (format === 'csv' ? `read_csv('${path}')` : `read_parquet('${path}')`);

/**
 * DuckDB alone on the file, in this process with DuckDB's defaults (every core, 80 % of memory):
 * every column read (Parquet), or parsed by DuckDB's CSV reader with its type detection (CSV),
 * `SELECT max(COLUMNS(*))`; seconds and CPU seconds of the query alone.
 */
export async function bareScan(path: string, format: Format): Promise<{ seconds: number; cpuSeconds: number }> {
  const db = await connect();
  const reader = detectingReader(path, format);
  const t = now();
  const c = cpuSeconds();
  await db.run(`SELECT max(COLUMNS(*)) FROM ${reader}`);
  return { seconds: now() - t, cpuSeconds: cpuSeconds() - c };
}

export interface ProcessRun {
  seconds: number;
  cpuSeconds: number;
  rssMb: number;
}

/** One Node process under GNU time: wall seconds (measured here), CPU seconds (user + system) and peak RSS. */
export function timed(argv: string[], okCodes: number[]): ProcessRun & { stdout: string } {
  const start = now();
  const child = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = now() - start;
  if (child.status === null || !okCodes.includes(child.status)) throw new Error(`node ${argv.join(' ')} exited ${child.status}:\n${child.stderr}`);
  const [kb, user, system] = child.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds, cpuSeconds: user! + system!, rssMb: kb! / 1024, stdout: child.stdout };
}

/** Writes `sql`'s result to `path` unless a file with `rows` rows is already there; returns the path. */
export async function ensureDataset(path: string, rows: number, sql: string, format: Format = 'parquet'): Promise<string> {
  const db = await connect();
  if (existsSync(path)) {
    const count = (await db.runAndReadAll(`SELECT count(*) FROM ${readerOf(path, format)}`)).getRows()[0]![0];
    if (Number(count) === rows) return path;
  }
  process.stderr.write(`generating ${path} ...\n`);
  await db.run(`COPY (${sql}) TO '${path}.tmp' (${format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet'})`);
  await rename(`${path}.tmp`, path);
  return path;
}

/**
 * Runs `tsx <script> --child ...args` in a fresh process and parses the last line of its output.
 * `failure` starts the error message when the child fails (its stderr follows).
 */
export function runInChild<T>(script: string, args: string[], failure: string, maxBuffer?: number): T {
  const options = maxBuffer === undefined ? { encoding: 'utf8' as const } : { encoding: 'utf8' as const, maxBuffer };
  const child = spawnSync(process.execPath, ['--import', 'tsx', script, '--child', ...args], options);
  if (child.status !== 0) throw new Error(`${failure}:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as T;
}

/** The fastest run by `seconds`, the median of `seconds` and the largest peak RSS over the runs. */
export function summarise<T extends { rssMb: number }>(runs: T[], seconds: (run: T) => number): { best: T; median: number; peakRssMb: number } {
  return {
    best: runs.reduce((a, b) => (seconds(b) < seconds(a) ? b : a)),
    median: median(runs.map(seconds)),
    peakRssMb: Math.max(...runs.map((r) => r.rssMb)),
  };
}

/** The CPU model from /proc/cpuinfo. */
async function cpuModel(): Promise<string> {
  return (await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown';
}

async function duckdbVersion(): Promise<string> {
  return String((await (await connect()).runAndReadAll('SELECT version()')).getRows()[0]![0]);
}

/** `date -u`. */
export const utcDate = () => execFileSync('date', ['-u'], { encoding: 'utf8' }).trim();

/** "N cores (model), X GiB RAM, Node vX" */
export async function hardware(): Promise<string> {
  return `${cpus().length} cores (${await cpuModel()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
}

/** Replaces (or appends) the section headed `title` of BENCHMARKS.md, leaving the others alone. */
export async function writeSection(title: string, body: string): Promise<void> {
  const file = 'BENCHMARKS.md';
  const previous = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n';
  const section = `${title}\n\n${body.trim()}\n`;
  const start = previous.indexOf(title);
  const next = start < 0 ? -1 : previous.indexOf('\n## ', start + 1);
  const updated = start < 0 ? `${previous.trimEnd()}\n\n${section}` : `${previous.slice(0, start)}${section}${next < 0 ? '' : previous.slice(next)}`;
  await writeFile(file, updated);
}

/** The table of seconds per engine call of each size's best run. */
export function callsTable(rows: { rows: number; best: { calls: Record<string, number> } }[]): string[] {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.best.calls)))];
  return [
    'Engine calls of the best run (seconds):',
    '',
    `| rows | ${names.join(' | ')} |`,
    `| ---: | ${names.map(() => '---:').join(' | ')} |`,
    ...rows.map((r) => `| ${r.rows.toLocaleString('en')} | ${names.map((n) => f3(r.best.calls[n] ?? 0)).join(' | ')} |`),
  ];
}

/** The sizes given on the command line (positive numbers), or `defaults` when none are. */
export function sizesFromArgs(defaults: number[]): number[] {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  return sizes.length ? sizes : defaults;
}

/** "date; N cores (model), X GiB RAM, Node vX, DuckDB vY" (`separator` after the date). */
export async function duckdbMachine(separator = '; '): Promise<string> {
  const hw = await hardware();
  const duckdb = await duckdbVersion();
  const date = utcDate();
  return `${date}${separator}${hw}, DuckDB ${duckdb}`;
}

/**
 * Wraps one engine's `aggregate` and `sample` calls: `start()` before each, `done(name, state)` after it
 * (even when it throws), with the aggregate query's name, or `sampleName` for samples.
 */
export function timeCalls<S>(engine: Pick<Engine, 'aggregate' | 'sample'>, sampleName: string, start: () => S, done: (name: string, state: S) => void): void {
  const aggregate = engine.aggregate.bind(engine);
  const sample = engine.sample.bind(engine);
  engine.aggregate = async (q) => {
    const s = start();
    try {
      return await aggregate(q);
    } finally {
      done(q.name, s);
    }
  };
  engine.sample = async (q) => {
    const s = start();
    try {
      return await sample(q);
    } finally {
      done(sampleName, s);
    }
  };
}
