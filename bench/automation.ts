/**
 * Automation-family benchmark (issue 4): generates 1M- and 10M-row long-format datasets with review
 * columns (Parquet) with DuckDB, then, each run in a fresh child process, ingests the file and times
 * the automation family's scans (cells, review-time histograms, reviewers, decision times) and its
 * finalize separately, recording peak RSS; writes the "Automation family" section of BENCHMARKS.md.
 *
 *   npx tsx bench/automation.ts                # 1M and 10M rows
 *   npx tsx bench/automation.ts 1000000        # only the sizes given
 *
 * Child mode (used by the parent): tsx bench/automation.ts --child <file>  -> one JSON line.
 */
import { loadavg } from 'node:os';
import { parsePolicy } from '../src/audit/contract/policy.js';
import { DuckDBEngine } from '../src/audit/engine/duckdb/duckdb-engine.js';
import { ingest } from '../src/audit/ingest/ingest.js';
import { automationFamily } from '../src/audit/metrics/automation/index.js';
import { BATCH } from '../src/audit/metrics/automation/parameters.js';
import { duckdbMachine, ensureDataset, f2, now, runInChild, sizesFromArgs, summarise, writeSection } from './lib/common.js';

const DATA_DIR = 'bench/data';
const SIZES = [1_000_000, 10_000_000];
const RUNS = 3;
const PROTECTED = ['gender', 'ethnicity', 'age_band'];
const fileFor = (rows: number) => `${DATA_DIR}/automation-${rows / 1e6}M.parquet`;

// ---------------------------------------------------------------------------------------------
// 1. Data: deterministic pseudo-random columns from hash(row * 16 + stream) mapped to [0, 1).
//    Three stages; cv_screen reviewed 20% of the time (so most rejections are automated), the
//    others always; 50 reviewers per stage; decided_at uniform over 180 days at 1-second
//    resolution; review time log-normal-ish, overrides 5%; at video_interview reviewers r000-r009
//    take 5 s and never override (rubber stamps).
// ---------------------------------------------------------------------------------------------
const u = (key: string, stream: number) => `(hash(${key} * 16 + ${stream}) / 18446744073709551616.0)`;

function datasetSql(rows: number): string {
  return `
    WITH r AS (
      SELECT i, i // 3 AS cand, i % 3 AS st, ${u('i // 3', 1)} AS ug, ${u('i // 3', 2)} AS ue, ${u('i // 3', 3)} AS ua,
             ${u('i', 4)} AS us, ${u('i', 5)} AS ur, ${u('i', 6)} AS uw, ${u('i', 7)} AS ut, ${u('i', 8)} AS uo, ${u('i', 9)} AS uv
      FROM range(${rows}) t(i)
    ), s AS (
      SELECT *, CAST(floor(uw * 50) AS INTEGER) AS reviewer,
             (st > 0 OR ur < 0.2) AS reviewed
      FROM r
    )
    SELECT printf('c%08d', cand) AS candidate_id,
           ['cv_screen', 'video_interview', 'assessment_game'][st + 1] AS stage,
           'vendor_b' AS tool,
           CAST(us < [0.40, 0.50, 0.45][st + 1] AS INTEGER) AS selected,
           TIMESTAMP '2026-01-01 00:00:00' + to_seconds(CAST(floor(ut * 180 * 86400) AS BIGINT)) AS decided_at,
           CAST(reviewed AS INTEGER) AS reviewed_by_human,
           CASE WHEN NOT reviewed THEN NULL WHEN st = 1 AND reviewer < 10 THEN 5 ELSE CAST(round(exp(ln(60) + 0.6 * (uv * 2 - 1) * 2)) AS INTEGER) END AS review_seconds,
           CASE WHEN reviewed THEN printf('r%03d', reviewer) END AS reviewer_id,
           CASE WHEN NOT reviewed THEN NULL WHEN st = 1 AND reviewer < 10 THEN 0 ELSE CAST(uo < 0.05 AS INTEGER) END AS human_override,
           CASE WHEN ug < 0.03 THEN NULL WHEN ug < 0.50 THEN 'female' WHEN ug < 0.97 THEN 'male' ELSE 'nonbinary' END AS gender,
           CASE WHEN ue < 0.55 THEN 'group_a' WHEN ue < 0.75 THEN 'group_b' WHEN ue < 0.90 THEN 'group_c' ELSE 'group_d' END AS ethnicity,
           CASE WHEN ua < 0.30 THEN '<30' WHEN ua < 0.80 THEN '30-49' ELSE '50+' END AS age_band
    FROM s`;
}

// ---------------------------------------------------------------------------------------------
// 2. One run in this process (child mode): ingest (not part of the family), then scan and
//    finalize of the automation family, timed apart; peak RSS of the whole process.
// ---------------------------------------------------------------------------------------------
interface RunResult {
  ingest: number;
  scan: number;
  finalize: number;
  /** CPU seconds (user + system, every thread of the process) of scan + finalize: steadier than wall time on a busy machine. */
  familyCpu: number;
  rssMb: number;
  histogramRows: number;
  sampledDays: string;
}

async function runOnce(path: string): Promise<RunResult> {
  const policy = parsePolicy({ protected: PROTECTED, intersectional: true, stages: ['cv_screen', 'video_interview', 'assessment_game'] });
  const engine = await DuckDBEngine.open();
  try {
    let t = now();
    const dataset = await ingest(engine, { kind: 'file', path }, policy);
    const ingestSeconds = now() - t;
    const ctx = { policy, dataset };
    t = now();
    const cpu = process.cpuUsage();
    const agg = await automationFamily.scan(engine, ctx);
    const scan = now() - t;
    t = now();
    const section = automationFamily.finalize(agg, ctx)!;
    const finalize = now() - t;
    const used = process.cpuUsage(cpu);
    if (section.stages.length !== 3) throw new Error('expected three stages');
    return {
      ingest: ingestSeconds,
      scan,
      finalize,
      familyCpu: (used.user + used.system) / 1e6,
      rssMb: process.resourceUsage().maxRSS / 1024,
      histogramRows: agg.times?.seconds.length ?? 0,
      sampledDays: agg.times ? `${agg.times.daysUsed} of ${agg.times.daysTotal}` : '–',
    };
  } finally {
    await engine.close();
  }
}

const runOnceInChild = (path: string) => runInChild<RunResult>('bench/automation.ts', [path], `run on ${path} failed`);

// ---------------------------------------------------------------------------------------------
// 3. Report
// ---------------------------------------------------------------------------------------------
interface Row {
  rows: number;
  best: RunResult;
  medianFamily: number;
  peakRssMb: number;
}

function table(rows: Row[]): string {
  return [
    '| rows | family seconds (scan + finalize, best of 3) | median | scans | finalize | family CPU seconds (all threads) | ingest (not the family) | decision-second rows read | days scanned for the batch index | peak RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const b = r.best;
      return `| ${r.rows.toLocaleString('en')} | ${f2(b.scan + b.finalize)} | ${f2(r.medianFamily)} | ${f2(b.scan)} | ${f2(b.finalize)} | ${f2(b.familyCpu)} | ${f2(b.ingest)} | ${b.histogramRows.toLocaleString('en')} | ${b.sampledDays} | ${r.peakRssMb.toFixed(0)} |`;
    }),
  ].join('\n');
}

async function machine(): Promise<string> {
  return `${await duckdbMachine()}; load average ${loadavg()[0]!.toFixed(1)} at the start`;
}

async function main(): Promise<void> {
  const out: Row[] = [];
  for (const size of sizesFromArgs(SIZES)) {
    const path = await ensureDataset(fileFor(size), size, datasetSql(size));
    const runs = Array.from({ length: RUNS }, () => runOnceInChild(path));
    const family = (r: RunResult) => r.scan + r.finalize;
    const { best, median, peakRssMb } = summarise(runs, family);
    out.push({ rows: size, best, medianFamily: median, peakRssMb });
    process.stderr.write(`${size}: ${runs.map((r) => f2(family(r))).join(', ')} s\n`);
  }
  const t = table(out);
  console.log(t);
  await writeSection('## Automation family', `
Measured ${await machine()}.

Reproduce: \`npm run bench:automation\` (generates bench/data/automation-*.parquet on first use, then ${RUNS} runs per
file, each in a fresh process). Data: three stages, reviews at 20% of cv_screen and every later decision, 50
reviewers, decided_at to the second over 180 days, protected attributes ${PROTECTED.join(', ')} (intersectional on).
The family is \`automationFamily.scan\` (GROUP BY queries: the cells, one review-time histogram per protected
attribute, the reviewers and two for decision times; seven here) plus \`finalize\`; the ingest of the file is
shown for scale but belongs to every family. Wall times depend on what else runs on the machine (see the load
average); the CPU column counts the process's own work. The batch index reads at most ${BATCH.maxDecisions.toLocaleString('en')} reviewed decisions' times
(whole days, seeded sample beyond), so its cost stops growing with the data.

${t}
`);
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await runOnce(process.argv[3]!)));
} else {
  await main();
}
