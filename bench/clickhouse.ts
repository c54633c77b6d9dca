/**
 * ClickHouse benchmark (issue 6): loads 10M and 100M long-format rows into the local two-shard
 * cluster (scripts/clickhouse-cluster.sh) and times the full audit there, beside the full DuckDB
 * audit of the same Parquet file; at 10M also a single-node ClickHouse table, to show what the
 * second shard changes. Writes the "ClickHouse engine" section of BENCHMARKS.md.
 *
 *   npx tsx bench/clickhouse.ts                       # 10M and 100M
 *   npx tsx bench/clickhouse.ts 10000000              # only the sizes given
 *
 * The data is bench/disparity.ts's generator (same SQL, same files under bench/data/: 3 stages,
 * gender / ethnicity / age_band with injected effects, a score); the file is made here when
 * missing. Every audit and load runs in a fresh child process (peak RSS of that process).
 *   npx tsx bench/clickhouse.ts --report            # rewrite the section from bench/out/clickhouse-*.json
 * Child mode: tsx bench/clickhouse.ts --child <duckdb|load|clickhouse> <file|url> [table]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { auditClickHouse, loadIntoClickHouse } from '../src/audit/clickhouse.js';
import { parsePolicy } from '../src/audit/contract/policy.js';
import { ClickHouseEngine } from '../src/audit/engine/clickhouse/clickhouse-engine.js';
import { DuckDBEngine } from '../src/audit/engine/duckdb/duckdb-engine.js';
import { runAudit } from '../src/audit/run-audit.js';
import { ensureDataset as ensureFile, hardware, now, runInChild, sizesFromArgs, utcDate, writeSection } from './lib/common.js';
import { disparityDatasetSql } from './lib/disparity-data.js';

const SIZES = [10_000_000, 100_000_000];
const PROTECTED = ['gender', 'ethnicity', 'age_band'];
const SCRIPT = 'scripts/clickhouse-cluster.sh';
const OUT_DIR = 'bench/out';
const STATE = '.hireaudit-tmp/clickhouse';
const PORT_BASE = 18120; // the script's default
const HOST = (node: 1 | 2) => `127.0.0.1:${PORT_BASE + node}`;
const SINGLE = `clickhouse://${HOST(1)}/default`;
const CLUSTER = `clickhouse://${HOST(1)},${HOST(2)}/default?cluster=hireaudit_two_shards`;
const policy = () => parsePolicy({ protected: PROTECTED, intersectional: true });
/** DuckDB's default memory limit (half the machine, at most 1 GiB): beyond it DuckDB spills to disk. */
const engineOptions = {};

// ---------------------------------------------------------------------------------------------
// 1. Data: the generator of bench/disparity.ts (bench/lib/disparity-data.ts, so both benchmarks read the same files).
// ---------------------------------------------------------------------------------------------
const ensureDataset = (rows: number) => ensureFile(`bench/data/disparity-${rows / 1e6}M.parquet`, rows, disparityDatasetSql(rows));

// ---------------------------------------------------------------------------------------------
// 2. Child mode: one audit or one load, with the time spent inside engine calls and phases.
// ---------------------------------------------------------------------------------------------
interface ChildResult {
  seconds: number;
  /** Seconds inside Engine.aggregate/medians/sample (audits), or per load phase. */
  phases: Record<string, number>;
  rssMb: number;
  rows?: number;
}

function timeEngineCalls(proto: object, phases: Record<string, number>): void {
  for (const method of ['aggregate', 'medians', 'sample']) {
    const original = (proto as Record<string, (q: unknown) => Promise<unknown>>)[method]!;
    (proto as Record<string, unknown>)[method] = async function (this: unknown, q: unknown) {
      const t = now();
      try {
        return await original.call(this, q);
      } finally {
        phases['engine'] = (phases['engine'] ?? 0) + now() - t;
      }
    };
  }
}

function phaseTimer(phases: Record<string, number>, start: number) {
  let current = 'start';
  let since = start;
  return {
    report(message: string) {
      phases[current] = (phases[current] ?? 0) + now() - since;
      current = message.split(' ').slice(0, 2).join(' ');
      since = now();
    },
    end() {
      phases[current] = (phases[current] ?? 0) + now() - since;
    },
  };
}

async function child(kind: string, where: string, table?: string): Promise<ChildResult> {
  const phases: Record<string, number> = {};
  const t0 = now();
  let rows: number | undefined;
  if (kind === 'duckdb') {
    timeEngineCalls(DuckDBEngine.prototype, phases);
    rows = (await runAudit({ source: { kind: 'file', path: where }, policy: policy(), engineOptions })).dataset.accounting.rowsRead;
  } else if (kind === 'clickhouse') {
    timeEngineCalls(ClickHouseEngine.prototype, phases);
    rows = (await auditClickHouse({ engine: where, table: table!, policy: policy() })).dataset.accounting.rowsRead;
  } else {
    const timer = phaseTimer(phases, t0);
    rows = (await loadIntoClickHouse({ source: { kind: 'file', path: where.split('|')[0]! }, policy: policy(), engine: where.split('|')[1]!, table: table!, progress: timer.report, engineOptions, replace: true })).rows;
    timer.end();
  }
  return { seconds: now() - t0, phases, rssMb: process.resourceUsage().maxRSS / 1024, rows };
}

function inChild(...args: string[]): ChildResult {
  const result = runInChild<ChildResult>('bench/clickhouse.ts', args, `child ${args.join(' ')} failed`, 1 << 26);
  process.stderr.write(`  ${args[0]} ${args.at(-1)}: ${result.seconds.toFixed(1)} s ${JSON.stringify(result.phases, (_, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v))}\n`);
  return result;
}

/** Peak resident memory of each server since it started (VmHWM), in MB. */
function serverPeakMb(): number[] {
  return [1, 2].map((n) => {
    const pid = readFileSync(`${STATE}/node${n}/server.pid`, 'utf8').trim();
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  });
}

function serverBytes(table: string): number {
  const sql = `SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND table = '${table}'`;
  return [1, 2].reduce((a, n) => a + Number(execFileSync('clickhouse-client', ['--port', String(PORT_BASE + 10 + n), '-q', sql], { encoding: 'utf8' }).trim() || 0), 0);
}

// ---------------------------------------------------------------------------------------------
// 3. Parent: per size, DuckDB audit, load into two shards (and one node at 10M), ClickHouse audits.
// ---------------------------------------------------------------------------------------------
interface SizeResult {
  rows: number;
  duck: ChildResult;
  load2: ChildResult;
  audit2: ChildResult;
  load1?: ChildResult;
  audit1?: ChildResult;
  mbOnDisk: number;
  /** When and on what this size was measured (see machine()). */
  measured: string;
  /** VmHWM of the two servers after this size's runs. */
  serverPeaksMb: number[];
}

const f1 = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(1));

function tables(results: SizeResult[]): string {
  const lines = [
    '| rows | DuckDB audit s (file → result) | CH load s (2 shards) | **CH audit s, 2 shards** | CH engine calls s | CH load s (1 node) | CH audit s, 1 node | CH engine calls s (1 node) | CH data on disk MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) =>
      `| ${r.rows.toLocaleString('en')} | ${f1(r.duck.seconds)} | ${f1(r.load2.seconds)} | **${f1(r.audit2.seconds)}** | ${f1(r.audit2.phases['engine'])} | ${f1(r.load1?.seconds)} | ${f1(r.audit1?.seconds)} | ${f1(r.audit1?.phases['engine'])} | ${r.mbOnDisk.toFixed(0)} |`,
    ),
    '',
    'Where the time went (seconds). DuckDB audit: engine calls = its scans, the rest is reading the',
    'file, contract check, normalising and statistics. Load: DuckDB ingest (read, check, normalise),',
    'then the rows streamed to the shards as TabSeparated (all shards at once: DuckDB writes each',
    "shard's rows into a named pipe while the HTTP insert reads it), counted back, renamed into place.",
    '',
    '| rows | DuckDB engine calls | DuckDB rest | load: ingest | **load: stream** | **stream rows/s** | load: count | whole load rows/s | peak RSS MB: DuckDB audit / load / CH audit |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => {
      const p = r.load2.phases;
      const ingest = (p['start'] ?? 0) + (p['reading'] ?? 0) + (p['checking the'] ?? 0) + (p['building the'] ?? 0) + (p['loading into'] ?? 0);
      // Older runs exported NDJSON, then inserted it: their two steps are the stream.
      const stream = p['streaming rows'] ?? (p['exporting rows'] ?? 0) + (p['inserting rows'] ?? 0);
      const perSecond = (s: number) => `${(r.rows / s / 1e6).toFixed(2)}M`;
      return `| ${r.rows.toLocaleString('en')} | ${f1(r.duck.phases['engine'])} | ${f1(r.duck.seconds - (r.duck.phases['engine'] ?? 0))} | ${f1(ingest)} | **${f1(stream)}** | **${perSecond(stream)}** | ${f1(p['counting rows'])} | ${perSecond(r.load2.seconds)} | ${r.duck.rssMb.toFixed(0)} / ${r.load2.rssMb.toFixed(0)} / ${r.audit2.rssMb.toFixed(0)} |`;
    }),
    '',
    ...results.filter((r) => r.serverPeaksMb.length).map((r) => `Peak resident memory of the two ClickHouse servers since they started, after the ${r.rows.toLocaleString('en')}-row runs: ${r.serverPeaksMb.map((m) => `${m.toFixed(0)} MB`).join(' and ')}.`),
    ...loadTarget(results),
  ];
  return lines.join('\n');
}

/** Issue 14's target for the load: at least 1M rows/s of 10M rows into the two shards (the stream; the whole load beside it). */
const LOAD_TARGET_ROWS_PER_SECOND = 1e6;

function loadTarget(results: SizeResult[]): string[] {
  const r = results.find((x) => x.rows === 10_000_000);
  const stream = r?.load2.phases['streaming rows'];
  if (r === undefined || stream === undefined) return [];
  const rate = r.rows / stream;
  return [
    '',
    `Target (issue 14): loading 10M rows into the two shards at ${LOAD_TARGET_ROWS_PER_SECOND / 1e6}M rows/s or more: the stream ran at ${(rate / 1e6).toFixed(2)}M rows/s, **${rate >= LOAD_TARGET_ROWS_PER_SECOND ? 'met' : 'missed'}** (the whole load, ingest and count included, ${(r.rows / r.load2.seconds / 1e6).toFixed(2)}M rows/s; both servers and the loader share this machine's 2 cores).`,
  ];
}

/** Measured growth between the smallest and largest size, and what it means for larger clusters. */
function scaling(results: SizeResult[]): string {
  const lines: string[] = [];
  const [small, large] = [results[0], results.at(-1)];
  if (small && large && large.rows > small.rows) {
    const k = large.rows / small.rows;
    const ratio = (f: (r: SizeResult) => number | undefined) => {
      const a = f(small);
      const b = f(large);
      return a && b ? `${(b / a).toFixed(1)}x` : 'n/a';
    };
    lines.push(
      `Measured growth from ${small.rows.toLocaleString('en')} to ${large.rows.toLocaleString('en')} rows (${k}x the rows): ` +
        `ClickHouse engine calls ${ratio((r) => r.audit2.phases['engine'])}, whole ClickHouse audit ${ratio((r) => r.audit2.seconds)}, ` +
        `load ${ratio((r) => r.load2.seconds)}, DuckDB audit ${ratio((r) => r.duck.seconds)}.`,
      '',
    );
  }
  lines.push(
    '### How the cost grows with rows and shards',
    '',
    '- **An audit is a fixed, small number of scans.** Every family sends a handful of GROUP BY',
    '  queries (here: row accounting, score range, medians, the disparity cells, and the scans of the',
    '  other families that apply); each reads a few columns of every row once. On a Distributed table',
    '  every shard scans only its own rows and returns partial aggregates; the initiator merges them.',
    '  Engine time is therefore about rows / (shards x cores per shard) x columns read, plus a merge',
    '  that grows with shards x cells (the cells are stage x groups x 50 score bins: thousands, not',
    '  millions). The statistics in TypeScript run on those cells and do not grow with the rows.',
    '- **Medians** collect each group\'s distinct values with their weights into one sorted array',
    '  (18.16 has no window functions): memory grows with the distinct values per stage, not the rows',
    '  (scores with one decimal: at most a few thousand). A continuous score with millions of distinct',
    '  values would make this the one query whose memory grows with the rows.',
    '- **Two query kinds are not pushed down to the shards**: paired rows (retest, perturbation: a',
    '  JOIN of two filtered copies) and derived columns (the similarity distance: a subquery with',
    '  `SELECT *, expr`) read the Distributed table as a subquery, so each shard sends its filtered',
    '  rows to the initiator, which joins or computes and aggregates alone. They are correct, but their',
    '  cost grows with the rows on one server; these data have neither (no attempt, variant or benchmark rows).',
    '- **Seeded samples** (model probes) sort by a hash of the row position on every shard and keep the',
    '  first n: each shard does O(rows/shards) work, the initiator merges shards x n rows.',
    '- **On this machine both shards share the same 2 cores** (and other work shared them during the',
    '  run), so two shards cannot beat one server here: the single-node against two-shard columns show',
    '  the coordination overhead and the noise, not the speed-up. With one machine per shard the',
    '  scans divide by the number of shards and the fixed parts (query round trips of a few ms, the',
    '  merge, the statistics) stay; an audit of 1 billion rows over 10 shards of this size costs about',
    '  what 100M rows cost one of them.',
    '- **Loading** is linear in the rows and runs on one machine (DuckDB reads, checks and normalises',
    '  the file, then streams TabSeparated text to the shards in parallel). Past one machine\'s memory, load the',
    '  normalised table with ClickHouse\'s own tools and audit it directly: the profile is then derived',
    '  from the table (DESCRIBE + a row-accounting scan).',
  );
  return lines.join('\n');
}

async function machine(): Promise<string> {
  const hw = await hardware();
  const version = execFileSync('clickhouse-client', ['--port', String(PORT_BASE + 11), '-q', 'SELECT version()'], { encoding: 'utf8' }).trim();
  const date = utcDate();
  const load = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
  return `${date} (load average at the end ${load}: other work shared the cores); ${hw}, ClickHouse ${version} (Debian package), both servers on this machine`;
}

async function main(): Promise<void> {
  const started = !spawnSync('bash', [SCRIPT, 'status'], { stdio: 'ignore' }).status;
  if (!started) execFileSync('bash', [SCRIPT, 'start'], { stdio: 'inherit' });
  try {
    await mkdir(OUT_DIR, { recursive: true });
    for (const rows of sizesFromArgs(SIZES)) {
      const path = await ensureDataset(rows);
      const table = `bench_${rows / 1e6}m`;
      process.stderr.write(`${rows} rows:\n`);
      const result: SizeResult = {
        rows,
        duck: inChild('duckdb', path),
        load2: inChild('load', `${path}|${CLUSTER}`, table),
        audit2: inChild('clickhouse', `clickhouse://${HOST(1)}/default`, table),
        mbOnDisk: 0,
        measured: '',
        serverPeaksMb: [],
      };
      result.mbOnDisk = serverBytes(`${table}_local`) / 2 ** 20;
      if (rows <= 10_000_000) {
        result.load1 = inChild('load', `${path}|${SINGLE}`, `${table}_single`);
        result.audit1 = inChild('clickhouse', SINGLE, `${table}_single`);
      }
      result.measured = await machine();
      result.serverPeaksMb = serverPeakMb();
      await writeFile(`${OUT_DIR}/clickhouse-${rows}.json`, JSON.stringify(result));
    }
    await report();
  } finally {
    if (!started) execFileSync('bash', [SCRIPT, 'stop'], { stdio: 'inherit' });
  }
}

/** Writes the BENCHMARKS.md section from every size measured so far (bench/out/clickhouse-<rows>.json). */
async function report(): Promise<void> {
  // Every size measured so far (this run or earlier ones), so sizes can be run one at a time.
  const stored = (await readdir(OUT_DIR)).filter((f) => /^clickhouse-\d+\.json$/.test(f));
  const results = await Promise.all(stored.map(async (f) => JSON.parse(await readFile(`${OUT_DIR}/${f}`, 'utf8')) as SizeResult));
  results.sort((a, b) => a.rows - b.rows);
  const body = `
${results.map((r) => `- Measured ${r.rows.toLocaleString('en')} rows: ${r.measured}.`).join('\n')}

Reproduce: \`npx tsx bench/clickhouse.ts [rows …]\` (starts the two-server cluster of
\`scripts/clickhouse-cluster.sh\` unless it runs; default sizes 10M and 100M). Data: the generated
Parquet files of the disparity benchmark (same SQL), protected attributes ${PROTECTED.join(', ')},
intersectional on, policy defaults; the full audit (every family that applies to these columns).
One run each (sizes may come from separate runs: bench/out/clickhouse-<rows>.json), every audit
and load in a fresh process; "CH audit" is \`hireaudit audit --engine
clickhouse://… --table …\` on a table loaded by \`hireaudit load\`.

${tables(results)}

${scaling(results)}
`;
  console.log(body);
  await writeSection('## ClickHouse engine', body);
}

if (process.argv[2] === '--report') {
  await report();
} else if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await child(process.argv[3]!, process.argv[4]!, process.argv[5])));
} else {
  await main();
}
