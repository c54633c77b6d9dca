/**
 * Validity-family benchmark (issue 3): generates 1M- and 10M-row Parquet datasets with DuckDB
 * (two stages, a score, and a criterion for the ~10% hired), then, in a fresh child process per run,
 * ingests the file and times the validity family alone: each of its engine calls (the seeded rank
 * sample, the grouped cell scan), the pure finalize and the findings. Best and median of
 * RUNS; writes the "Validity family" section of BENCHMARKS.md.
 *
 *   npm run bench:validity                   # 1M and 10M rows
 *   npm run bench:validity -- 1000000        # only the sizes given
 *
 * Child mode (used by the parent): tsx bench/validity.ts --child <file>  -> one JSON line.
 */
import { loadavg } from 'node:os';
import { parsePolicy } from '../src/audit/contract/policy.js';
import { DuckDBEngine } from '../src/audit/engine/duckdb/duckdb-engine.js';
import { ingest } from '../src/audit/ingest/ingest.js';
import { validityFamily } from '../src/audit/metrics/validity/index.js';
import { judgeValidity } from '../src/audit/rules/validity.js';
import { callsTable, duckdbMachine, ensureDataset, f2, f3, now, runInChild, sizesFromArgs, summarise, timeCalls, writeSection } from './lib/common.js';

const DATA_DIR = 'bench/data';
const SIZES = [1_000_000, 10_000_000];
const RUNS = 3;
const PROTECTED = ['gender', 'ethnicity'];

interface RunResult {
  ingest: number;
  /** Seconds per engine call of the family, by query name (the sample as "rank sample"). */
  calls: Record<string, number>;
  scans: number;
  finalize: number;
  findings: number;
  validity: number;
  criterionRows: number;
  /** A bare DuckDB grouped count over the same table and dims: what any one scan costs here and now. */
  bareScan: number;
  rssMb: number;
}

const fileFor = (rows: number) => `${DATA_DIR}/validity-${rows / 1e6}M.parquet`;

// ---------------------------------------------------------------------------------------------
// 1. Data: deterministic pseudo-random streams hash(i * 16 + stream) mapped to [0, 1). Latent
//    score z = (sum of 4 uniforms - 2) sqrt 3 (mean 0, SD 1); score = 50 + 10 z; hired iff
//    score >= 62.8 (top ~10%, direct selection); criterion = 5 + .5 z + .866 e (+.3 for group_b)
//    for the hired only. Two stages alternate by row.
// ---------------------------------------------------------------------------------------------
const u = (stream: number) => `(hash(i * 16 + ${stream}) / 18446744073709551616.0)`;

function datasetSql(rows: number): string {
  return `
    WITH r AS (
      SELECT i, i % 2 AS st, ${u(1)} AS ug, ${u(2)} AS ue,
             (${u(3)} + ${u(4)} + ${u(5)} + ${u(6)} - 2) * sqrt(3) AS z,
             (${u(7)} + ${u(8)} + ${u(9)} - 1.5) * 2 AS e
      FROM range(${rows}) t(i)
    ), s AS (
      SELECT *, round(50 + 10 * z, 1) AS score,
        CASE WHEN ug < 0.5 THEN 'female' ELSE 'male' END AS gender,
        CASE WHEN ue < 0.6 THEN 'group_a' WHEN ue < 0.85 THEN 'group_b' ELSE 'group_c' END AS ethnicity
      FROM r
    )
    SELECT printf('c%09d', i) AS candidate_id,
           ['screening', 'assessment'][st + 1] AS stage,
           CAST(score >= 62.8 AS INTEGER) AS selected,
           score,
           CASE WHEN score >= 62.8 THEN round(5 + 0.5 * z + 0.866 * e + CASE WHEN ethnicity = 'group_b' THEN 0.3 ELSE 0 END, 2) END AS criterion,
           gender, ethnicity
    FROM s`;
}

// ---------------------------------------------------------------------------------------------
// 2. One run in this process (child mode): ingest, then the validity family timed call by call.
// ---------------------------------------------------------------------------------------------
async function auditOnce(path: string): Promise<RunResult> {
  const calls: Record<string, number> = {};
  const timed = (name: string, t: number) => (calls[name] = (calls[name] ?? 0) + now() - t);
  const engine = await DuckDBEngine.open();
  try {
    const policy = parsePolicy({ protected: PROTECTED });
    const t0 = now();
    const dataset = await ingest(engine, { kind: 'file', path }, policy);
    const t1 = now();
    timeCalls(engine, 'rank sample', now, timed);
    const ctx = { policy, dataset };
    const aggregates = await validityFamily.scan(engine, ctx);
    const t2 = now();
    const measured = validityFamily.finalize(aggregates, ctx);
    const t3 = now();
    judgeValidity(measured, { ...ctx, judged: {} });
    const t4 = now();
    await engine.rows(`SELECT stage, gender, ethnicity, sum(w) FROM candidates WHERE _excluded IS NULL GROUP BY stage, gender, ethnicity`);
    const t5 = now();
    return {
      ingest: t1 - t0,
      calls,
      scans: t2 - t1,
      finalize: t3 - t2,
      findings: t4 - t3,
      validity: t4 - t1,
      criterionRows: aggregates.criterionRows,
      bareScan: t5 - t4,
      rssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await engine.close();
  }
}

const runOnce = (path: string) => runInChild<RunResult>('bench/validity.ts', [path], `validity run on ${path} failed`);

// ---------------------------------------------------------------------------------------------
// 3. Report
// ---------------------------------------------------------------------------------------------
interface Row {
  rows: number;
  best: RunResult;
  medianValidity: number;
  peakRssMb: number;
}

function tables(rows: Row[]): string {
  return [
    '| rows | criterion rows | ingest s | **validity family s** (best of 3) | median | finalize + findings s | bare grouped count s | peak RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.rows.toLocaleString('en')} | ${r.best.criterionRows.toLocaleString('en')} | ${f2(r.best.ingest)} | ${f2(r.best.validity)} | ${f2(r.medianValidity)} | ${f3(r.best.finalize + r.best.findings)} | ${f2(r.best.bareScan)} | ${r.peakRssMb.toFixed(0)} |`,
    ),
    '',
    ...callsTable(rows),
  ].join('\n');
}

async function machine(): Promise<string> {
  return `${await duckdbMachine()}; 1-minute load average ${loadavg()[0]!.toFixed(1)} when the report was written (other processes share the cores, so medians vary)`;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const size of sizesFromArgs(SIZES)) {
    const path = await ensureDataset(fileFor(size), size, datasetSql(size));
    const runs = Array.from({ length: RUNS }, () => runOnce(path));
    const { best, median, peakRssMb } = summarise(runs, (r) => r.validity);
    rows.push({ rows: size, best, medianValidity: median, peakRssMb });
    process.stderr.write(`${size}: validity ${runs.map((r) => f2(r.validity)).join(', ')} s\n`);
  }
  const table = tables(rows);
  console.log(table);
  await writeSection('## Validity family', `
Measured ${await machine()}.

Reproduce: \`npm run bench:validity\` (generates bench/data/validity-*.parquet on first use, then ${RUNS}
runs per size, each in a fresh process). Each run ingests the file, then times the validity family
alone (\`scan\` + \`finalize\` + findings) with protected attributes ${PROTECTED.join(', ')}: two stages,
a continuous criterion for the ~10% hired (so no AUC scan), policy defaults. Ingest is shown for
scale; it is shared by every family. "Bare grouped count" is a plain DuckDB \`sum(w) GROUP BY stage,
gender, ethnicity\` on the same table in the same process right after: the cost of one scan at that
moment, a yardstick for the family's time when other work shares the cores.

${table}

The family makes two passes over the table: the seeded sample of criterion rows (capped at
50,000 rows; it gives the rank correlation and the shift of the moment sums) and one grouped scan
of stage x tool x attributes (a third, the AUC histogram, only for a binary criterion). There is no
per-row work in TypeScript except the rank correlation on that bounded sample; finalize works on a
few dozen aggregate cells, so its time does not grow with the rows (compare the two sizes).
`);
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await auditOnce(process.argv[3]!)));
} else {
  await main();
}
