/**
 * The full audit as a new user runs it (issue 14 item 6): the whole process of
 * `hireaudit audit FILE --protected gender,ethnicity --format json` (the built CLI, dist/) on
 * generated files of 1M, 10M and 100M rows on which every family applies (bench/lib/full-data.ts:
 * 21 columns), as Parquet and CSV; best of 3 at 1M and 10M, one run at 100M. Each audit is timed
 * beside DuckDB's bare scan of the same file in the same run (alternating, each in a fresh
 * process), so the ratio is what counts on a shared machine. Peak RSS and CPU from GNU time. One
 * more run in-process gives the phase breakdown (ingest steps; each family's scan, finalize and
 * judge from runAudit's structured progress) and the engine queries each family sends. A
 * "disparity only" row audits the 7-column file of bench/disparity.ts (only disparity applies).
 *
 *   npm run bench:full                                   # builds, then 1M and 10M (and the disparity-only row)
 *   npm run bench:full -- --sizes 100M                   # one size (results kept in bench/out/full-*.json)
 *   npm run bench:full -- --sizes 10M --formats parquet  # one size and format
 *   npx tsx bench/full.ts --report                       # rewrite the BENCHMARKS.md section from bench/out
 *
 * Child modes: --child-phases <file> (the in-process breakdown), --child-bare <file> <format>.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parsePolicy } from '../src/audit/contract/policy.js';
import type { AuditProgress } from '../src/audit/contract/progress.js';
import { FAMILIES } from '../src/audit/registry.js';
import { runAudit } from '../src/audit/run-audit.js';
import { auditArgv, BIN, type DataKind, ensureData, type Format, FORMATS, measuredFile, PROTECTED, TARGET } from './lib/audit-files.js';
import { bareScan, cpuSeconds, duckdbMachine, f2, median, now, type ProcessRun, timed, writeSection } from './lib/common.js';
import { observedFamilies } from './lib/families.js';

const OUT_DIR = 'bench/out';
const SIZES = [1_000_000, 10_000_000];
// 1. The whole process, and DuckDB's bare scan ------------------------------------------------------
/** `hireaudit audit FILE --protected gender,ethnicity --format json` (exit 1 only means a finding failed). */
function auditProcess(path: string): ProcessRun & { rowsRead: number } {
  const run = timed(auditArgv(path), [0, 1]);
  const rowsRead = (JSON.parse(run.stdout) as { dataset: { accounting: { rowsRead: number } } }).dataset.accounting.rowsRead;
  return { seconds: run.seconds, cpuSeconds: run.cpuSeconds, rssMb: run.rssMb, rowsRead };
}

function bareProcess(path: string, format: Format): number {
  const run = timed(['--import', 'tsx', 'bench/full.ts', '--child-bare', path, format], [0]);
  return Number(run.stdout.trim().split('\n').at(-1));
}

// 2. Phases, in-process ---------------------------------------------------------------------------
interface Phase {
  name: string;
  seconds: number;
  cpuSeconds: number;
}
interface Phases {
  phases: Phase[];
  /** Per family: engine queries its scan sent, scans of the table among them, and its scan's wall-clock span (families scan at once). */
  queries: Record<string, { queries: number; scans: number; seconds: number; from: number; to: number }>;
  seconds: number;
  rssMb: number;
}

async function phasesChild(path: string): Promise<Phases> {
  const queries: Phases['queries'] = {};
  const phases: Phase[] = [];
  let open = { name: 'start', at: now(), cpu: cpuSeconds() };
  const mark = (name: string) => {
    if (name === open.name) return; // the families' scans start together: one phase
    const t = now();
    const c = cpuSeconds();
    phases.push({ name: open.name, seconds: t - open.at, cpuSeconds: c - open.cpu });
    open = { name, at: t, cpu: c };
  };
  const started = now();
  const familyOf = (family: string) => (queries[family] ??= { queries: 0, scans: 0, seconds: 0, from: 0, to: 0 });
  const families = observedFamilies({
    query: (q) => {
      const f = familyOf(q.family);
      f.queries++;
      f.scans += q.scans;
    },
    scan: (family, from, to) => Object.assign(familyOf(family), { from: from - started, to: to - started, seconds: to - from }),
  });
  await runAudit({
    source: { kind: 'file', path },
    policy: parsePolicy({ protected: PROTECTED }),
    families,
    onProgress: (p: AuditProgress) => {
      // Ingest steps by their message, without the file's name ("reading full-1M.csv" -> "reading the file").
      const name =
        p.phase === 'ingest' ? `ingest: ${(p.message ?? '').replace(/^reading .*/, 'reading the file')}` : p.phase === 'scan' ? 'scan: every family at once' : p.family ? `${p.phase}: ${p.family}` : p.phase;
      mark(name);
    },
  });
  mark('end');
  return { phases: phases.slice(1), queries, seconds: now() - started, rssMb: process.resourceUsage().maxRSS / 1024 };
}

function phasesProcess(path: string): Phases {
  const run = timed(['--import', 'tsx', 'bench/full.ts', '--child-phases', path], [0]);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Phases;
}

// 3. One size x format, stored so sizes can be measured in separate runs -----------------------------
interface Measured {
  kind: DataKind;
  format: Format;
  rows: number;
  runs: ProcessRun[];
  bare: number[];
  phases: Phases;
  load: string;
  measured: string;
  /**
   * At 100M: the 10M file of the same format audited right before and right after the 100M run,
   * so that the growth compares runs of the same hour (the shared host's load moves the best-of-3
   * 10M time, measured separately, by 10%: BENCHMARKS.md "Fifth pass").
   */
  adjacent10M?: ProcessRun[];
}

async function measure(kind: DataKind, rows: number, format: Format): Promise<Measured> {
  const path = await ensureData(kind, rows, format);
  const runs = rows >= 100_000_000 ? 1 : 3;
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  const audits: ProcessRun[] = [];
  const bare: number[] = [];
  const audit = async (file: string, expected: number): Promise<ProcessRun> => {
    const a = auditProcess(file);
    if (a.rowsRead !== expected) throw new Error(`${file}: the audit read ${a.rowsRead} rows, not ${expected}`);
    process.stderr.write(`${kind} ${format} ${expected}: audit ${f2(a.seconds)} s (${f2(a.cpuSeconds)} CPU s, ${a.rssMb.toFixed(0)} MB)\n`);
    return { seconds: a.seconds, cpuSeconds: a.cpuSeconds, rssMb: a.rssMb };
  };
  const adjacent = kind === 'full' && rows >= 100_000_000 ? await ensureData(kind, 10_000_000, format) : null;
  const adjacent10M: ProcessRun[] = [];
  if (adjacent) adjacent10M.push(await audit(adjacent, 10_000_000));
  for (let i = 0; i < runs; i++) {
    bare.push(bareProcess(path, format));
    process.stderr.write(`${kind} ${format} ${rows}: bare ${f2(bare.at(-1)!)} s\n`);
    audits.push(await audit(path, rows));
  }
  if (adjacent) adjacent10M.push(await audit(adjacent, 10_000_000));
  const phases = phasesProcess(path);
  return { kind, format, rows, runs: audits, bare, phases, load, measured: await duckdbMachine(), ...(adjacent ? { adjacent10M } : {}) };
}

const outFile = (m: Pick<Measured, 'kind' | 'format' | 'rows'>) => measuredFile(m.kind, m.format, m.rows);

// 4. Report ---------------------------------------------------------------------------------------
const best = (m: Measured) => m.runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const bestBare = (m: Measured) => Math.min(...m.bare);
const sizeLabel = (rows: number) => `${rows / 1e6}M`;
const peakRss = (m: Measured) => Math.max(...m.runs.map((r) => r.rssMb));

function mainTable(all: Measured[]): string[] {
  return [
    '| data | format | rows | runs | **audit s** (best) | median | CPU s (best run) | peak RSS MB | DuckDB bare scan s (best) | **audit / bare** | load average before |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...all.map((m) => {
      const b = best(m);
      return `| ${m.kind === 'full' ? 'every family (21 columns)' : 'disparity only (7 columns)'} | ${m.format} | ${m.rows.toLocaleString('en')} | ${m.runs.length} | **${f2(b.seconds)}** | ${f2(median(m.runs.map((r) => r.seconds)))} | ${f2(b.cpuSeconds)} | ${peakRss(m).toFixed(0)} | ${f2(bestBare(m))} | **${f2(b.seconds / bestBare(m))}** | ${m.load} |`;
    }),
  ];
}

/** Phase names in the order they ran, merged over the measurements. */
function phaseTable(all: Measured[]): string[] {
  const names: string[] = [];
  for (const m of all) for (const p of m.phases.phases) if (!names.includes(p.name)) names.push(p.name);
  const cols = all.map((m) => `${m.kind === 'full' ? '' : 'disparity only, '}${m.format} ${sizeLabel(m.rows)}`);
  const cell = (m: Measured, name: string) => {
    const p = m.phases.phases.filter((x) => x.name === name);
    if (p.length === 0) return '–';
    const s = p.reduce((a, x) => a + x.seconds, 0);
    const c = p.reduce((a, x) => a + x.cpuSeconds, 0);
    return `${f2(s)} (${f2(c)})`;
  };
  return [
    `| phase | ${cols.join(' | ')} |`,
    `| --- | ${cols.map(() => '---:').join(' | ')} |`,
    ...names.map((n) => `| ${n} | ${all.map((m) => cell(m, n)).join(' | ')} |`),
    `| **in all** | ${all.map((m) => `**${f2(m.phases.seconds)}**`).join(' | ')} |`,
  ];
}

function queryTable(all: Measured[]): string[] {
  const full = all.filter((m) => m.kind === 'full');
  const names: string[] = [];
  for (const m of full) for (const n of Object.keys(m.phases.queries)) if (!names.includes(n)) names.push(n);
  names.sort((a, b) => FAMILIES.findIndex((f) => f.id === a) - FAMILIES.findIndex((f) => f.id === b));
  const cols = full.map((m) => `${m.format} ${sizeLabel(m.rows)}`);
  const span = (m: Measured, n: string) => {
    const q = m.phases.queries[n];
    return q ? `${f2(q.from)}–${f2(q.to)}` : '–';
  };
  return [
    `| family | engine queries | scans of the table | ${cols.map((c) => `scan from–to s, ${c}`).join(' | ')} |`,
    `| --- | ---: | ---: | ${cols.map(() => '---:').join(' | ')} |`,
    ...names.map((n) => {
      const q = full.find((m) => m.phases.queries[n])!.phases.queries[n]!;
      return `| ${n} | ${q.queries} | ${q.scans} | ${full.map((m) => span(m, n)).join(' | ')} |`;
    }),
  ];
}

function targets(all: Measured[]): string[] {
  const find = (kind: Measured['kind'], format: Format, rows: number) => all.find((m) => m.kind === kind && m.format === format && m.rows === rows);
  const verdict = (ok: boolean) => `**${ok ? 'met' : 'missed'}**`;
  const lines: string[] = [];
  const p10 = find('full', 'parquet', 10_000_000);
  if (p10) lines.push(`- 10M rows, every family, Parquet: ${f2(best(p10).seconds)} s against ${TARGET.parquet10M} s, ${verdict(best(p10).seconds <= TARGET.parquet10M)} (DuckDB's bare scan ${f2(bestBare(p10))} s in the same run).`);
  const c10 = find('full', 'csv', 10_000_000);
  if (c10) {
    const ratio = best(c10).seconds / bestBare(c10);
    lines.push(`- 10M rows, every family, CSV: ${f2(best(c10).seconds)} s, ${f2(ratio)}× DuckDB's bare parse (${f2(bestBare(c10))} s) against ${TARGET.csvRatio10M}×, ${verdict(ratio <= TARGET.csvRatio10M)}.`);
  }
  const d10 = find('disparity', 'parquet', 10_000_000);
  if (d10) lines.push(`- 10M rows, disparity alone, Parquet: ${f2(best(d10).seconds)} s against ${TARGET.disparityParquet10M} s, ${verdict(best(d10).seconds <= TARGET.disparityParquet10M)}.`);
  for (const format of FORMATS) {
    const m10 = find('full', format, 10_000_000);
    if (m10) lines.push(`- Peak RSS at 10M, ${format}: ${peakRss(m10).toFixed(0)} MB against ${TARGET.rss10MMb} MB, ${verdict(peakRss(m10) <= TARGET.rss10MMb)}.`);
    const m100 = find('full', format, 100_000_000);
    if (m100) {
      lines.push(`- Peak RSS at 100M, ${format}: ${peakRss(m100).toFixed(0)} MB against ${TARGET.rss100MMb} MB, ${verdict(peakRss(m100) <= TARGET.rss100MMb)}.`);
      const adjacent = m100.adjacent10M?.length ? Math.min(...m100.adjacent10M.map((r) => r.seconds)) : null;
      if (adjacent !== null) {
        // Judged against the 10M runs of the same hour; the best of 3 measured separately is shown beside.
        const growth = best(m100).seconds / adjacent;
        const apart = m10 ? `; ${f2(best(m100).seconds / best(m10).seconds)}× the best 10M time of the table, measured at another hour` : '';
        lines.push(`- 100M against 10M, ${format}: ${f2(best(m100).seconds)} s, ${f2(growth)}× the quicker of the two 10M runs just before and after it (${m100.adjacent10M!.map((r) => f2(r.seconds)).join(' and ')} s) against ${TARGET.linear100M}×, ${verdict(growth <= TARGET.linear100M)}${apart}.`);
      } else if (m10) {
        const growth = best(m100).seconds / best(m10).seconds;
        const bareGrowth = bestBare(m100) / bestBare(m10);
        lines.push(`- 100M against 10M, ${format}: ${f2(best(m100).seconds)} s, ${f2(growth)}× the 10M time against ${TARGET.linear100M}×, ${verdict(growth <= TARGET.linear100M)} (DuckDB's bare scan grew ${f2(bareGrowth)}×; measured at different loads, see the table).`);
      }
    }
  }
  return lines;
}

async function report(): Promise<void> {
  const stored = existsSync(OUT_DIR) ? (await readdir(OUT_DIR)).filter((f) => /^full-.*\.json$/.test(f)) : [];
  const all = await Promise.all(stored.map(async (f) => JSON.parse(await readFile(`${OUT_DIR}/${f}`, 'utf8')) as Measured));
  all.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'full' ? -1 : 1) || a.rows - b.rows || FORMATS.indexOf(a.format) - FORMATS.indexOf(b.format));
  const body = `
${[...new Set(all.map((m) => m.measured))].map((when) => `- Measured ${when}: ${all.filter((m) => m.measured === when).map((m) => `${m.kind === 'full' ? '' : 'disparity only '}${m.format} ${sizeLabel(m.rows)}`).join(', ')}.`).join('\n')}

Reproduce: \`npm run bench:full\` (builds, generates the files under bench/data/ on first use, 1M
and 10M), \`npm run bench:full -- --sizes 100M\` for the largest; \`--formats parquet\` for one format.
Every audit is the whole process of \`hireaudit audit FILE --protected ${PROTECTED.join(',')} --format json\`
(the built CLI, default memory limit), best of 3 at 1M and 10M and one run at 100M (with one audit
of the 10M file right before and one right after it, for the growth target), each run after
DuckDB's bare scan of the same file in a fresh process (\`SELECT max(COLUMNS(*))\` over
\`read_parquet\`, or \`read_csv\` with its type detection), so the ratio compares the two under the
same load; peak RSS and CPU seconds (all threads) from GNU time. Data (bench/lib/full-data.ts): 21
columns, every family applies: two stages, score, criterion of the hired, decided_at, review
columns (50 reviewers), 5 traits, 1% benchmark rows, ~8% retests, 5% perturbation variants. The
disparity-only row audits bench/disparity.ts's 7-column file with the same flags. The machine is
shared: the load average before each set of runs is in the table.

${mainTable(all).join('\n')}

Where the time goes: one more audit per file, in-process (\`runAudit\` with the same policy), each
phase from its structured progress events to the next; seconds wall (CPU seconds of all threads).
Ingest is read (with the text scan and sha256), contract check, candidates table and row
accounting; each family's scan sends its engine queries, finalize and judge are TypeScript.

${phaseTable(all).join('\n')}

Engine queries per family in the in-process run (the same at every size; "scans of the table"
counts a paired-row query, a join of two filtered copies, as two), and when each family's scan ran,
in seconds since the audit started (the families scan at once, each in its own DuckDB session):

${queryTable(all).join('\n')}

### Targets (issue 14)

${targets(all).join('\n')}

What the three missed 10M-row time targets would need at the least on this machine, measured piece
by piece: "Full audit: the floor under the 10M-row targets" below (\`npm run bench:floor\`).

${TRIED}
`;
  console.log(body);
  await writeSection('## Full audit', body);
}

/**
 * What the second pass at issue 14 tried, measured in CPU seconds (all threads) at 10M rows on the
 * shared 2-core machine (wall time moved with the other sessions' load), and whether it was kept.
 */
const TRIED = `### What was tried, and what paid (second pass, December 2026)

The first pass (one-pass ingest, concurrent family scans, memory limit) measured the 10M-row full
audit of the Parquet file at 30.65 s and 57.78 CPU s, 1375 MB; the CSV file at 43.48 s and 81.32
CPU s; disparity alone at 5.01 s and 8.92 CPU s. Measured per query and per ingest statement
(CPU seconds, 10M rows, Parquet):

- **Kept: the disk store** (\`DuckDBEngine.useDiskStore\`). Under the 1 GiB limit the 1.8 GB
  in-memory candidates table spilled about 0.7 GB uncompressed, and every query read it back: the
  queries took 41 CPU s against 25 with no limit at all. A table over half the limit is now built
  in a DuckDB file of the engine's own, compressed as it is written (0.55 GB): building it costs
  about 4.4 CPU s more than in memory, the queries take about 17 CPU s. Whole process: 55.8 -> 42.5
  CPU s, peak RSS 1367 -> 882 MB. Tried first: an in-memory database with compression (\`ATTACH
  ':memory:' (COMPRESS)\`) compresses only at CHECKPOINT, after the table has spilled
  uncompressed (11.7 CPU s for the checkpoint); inserting in chunks with a checkpoint between
  them reads the whole Parquet file per chunk (no row-group pruning on file_row_number).
- **Kept: candidate_id uncompressed in the store.** FSST on a column of distinct ids cost about
  2.6 of the 16 CPU s of building the table and made the paired-row joins slower (retest pairs
  1.70 -> 1.38, perturbation pairs 0.83 -> 0.75 uncompressed). Other strings stay compressed:
  uncompressed they saved 1.7 CPU s more but took 320 MB more.
- **Kept: conditional aggregates as aggregate(CASE WHEN …) in the DuckDB dialect** instead of
  FILTER (WHERE …): validity cells 1.57 -> 1.16, error-rate cells 1.34 -> 0.71, distance histogram
  2.34 -> 1.63, retest pairs 1.73 -> 1.47.
- **Kept: the medians of all groupings from one pass** (\`Engine.mediansOfMany\`): the
  disparity scan's four median queries each grouped the whole table by their groups and the score
  (0.71 CPU s in all); now one groups it by all of them into a small table, from which each
  grouping adds its weights up (0.31).
- **Kept, small: period dimensions grouped by the truncated timestamp** in DuckDB, the label
  formatted once per group (selection by period 0.63 -> 0.42, score distribution by period 0.76 ->
  0.56); no "column IS NOT NULL" in a measure's filter for its own term's columns (distance
  histogram 1.16 -> 1.03, perturbation pairs 0.65 -> 0.56); a narrower table (role and _excluded
  as ENUMs, the weight of a file without a count column not stored).
- **Not kept: fusing the aggregates of families that group alike** into one query: the error-rate
  and validity cells (same rows, same grouping) took 1.05 together against 0.44 + 0.70 apart. On the
  compressed table a scan costs little; the aggregates cost, and fusing does not share them. No
  batching layer was built.
- **Not kept: auditing through a view over the Parquet file** (no table): the queries took 45 CPU
  s, each decoding the file and normalising again.
- **Not kept:** joining paired rows on hash(candidate_id) with the text compared after (2.66
  against 1.73); the duplicate test by GROUP BY, count(DISTINCT) or a partitioned window (1.58 to
  2.41 against 1.19 for sort and lag); ALP and bit-packing forced per column (about 0.7 of 11,
  within the noise, and worse for doubles that are not decimals); insertion order not preserved
  (no gain); bins without "- 0" and "/ 1" (no gain); a fast cast before the trimmed one for CSV
  numbers (no gain).

Where the rest goes (10M rows, Parquet): building the table about 11 CPU s (reading the file 1.6,
the contract's expressions 2.2, storing and compressing 7), the duplicate test 1.2 to 1.9 (sorting
10M hashes), the queries about 15 (each 0.2 to 1.5: the cost is DuckDB's per-row aggregate updates,
13 to 21 aggregates over 10M rows, not the scan), the proxy probe and finalize about 3. For CSV,
parsing every field as text and casting it costs 13 CPU s before anything is stored.

### Third pass: exact sums, and what else was measured (December 6)

- **Kept, at a price: every sum added up exactly** (\`Dialect.exactSum\`), so an audit repeats
  bit for bit (design.md). With plain sums of doubles two runs of the 10M-row audit differed in
  the 10th digit of a p-value (DuckDB's threads add the rows up in a different order each run).
  Each term is now scaled to two 64-bit integers, summed in 128 bits. Per sum over 10M rows: a
  plain sum 0.023 CPU s, one integer 0.058, two integers 0.107, one 128-bit cast 0.156; DuckDB's
  Kahan \`fsum\` costs 0.04 but is not independent of the order. One integer was not enough: its
  scale comes from the column's largest value, and an outlier (999,999,999 in one stage) coarsened
  another stage's sum of squares to steps of 0.5 (tests/audit/engine/duckdb/exact-sums.test.ts).
  The 10M-row full audit went from 26.94 to 34.97 CPU s (best of 3 each, about 90 sums of
  doubles); side by side at the same load, 28.4 against 35.0. Disparity alone: 5.20 and 5.27.
- **Kept: the stability bootstrap asks for the verdict's status only** (\`comparisonStatus\`) and
  remembers only the exact test's small tables: at 10M rows the rules built the sentence of every
  resampled comparison (hundreds of thousands, then discarded) and the bootstrap keyed and kept
  large tables it never drew again. Its judge phase: 0.31 -> 0.11 s for disparity alone, 0.20 ->
  0.07 s for the full audit; results unchanged.
- **Not kept: a measure's whole filter kept when dropping its own columns' not-null checks would
  leave some** (so that measures with one filter share it): pool cells 1.88 -> 1.79, the distance
  histograms 1.51 and 2.19 -> 1.40 and 2.01, but the validity cells 1.24 -> 1.40: about even.
- **Not kept: an uncompressed store** (every column \`USING COMPRESSION uncompressed\`): reading
  5.87 -> 5.10 s, the queries unchanged, peak RSS 761 -> 1404 MB (DuckDB's buffer pool then holds
  the 1.8 GB table up to the memory limit).
- **Kept, small: a CSV's number columns parsed by the reader** (\`types = {…: 'DOUBLE'}\`) instead
  of try_cast(trim(text)) afterwards, in the one-pass read of a good file: the eight number columns
  alone 4.4 against 6.8 CPU s; the whole insert, side by side, 26.0-26.3 against 27.8-28.8. DuckDB
  parses the 21-column 10M-row CSV in about 6.6 CPU s as text and 6.2 typed: the parse is not what
  costs. Storing text is: 21 text columns into
  the store took 41 CPU s; 6 (the categories, reviewer_id, variant_of) 10.9, with dictionary
  compression forced 10.2, uncompressed 8.4, with the four categories as ENUMs 7.1, but finding
  their values first is a pass of its own over the text (4.1). The table must hold candidate_id,
  reviewer_id and variant_of as text, so no variant came near 1.5x the bare parse.

### Fourth pass: fixed costs, and what the missed targets would take (December 6)

- **Kept: the proxy probe stops when it has converged.** Its Newton steps reach float32's
  rounding (TensorFlow.js) in three or four iterations; the old tolerance, 1e-8, lay below it, so
  every fit ran all 25 iterations, 21 of them stepping by noise. With the tolerance at 1e-6 of the
  parameters' size and its tensors built from typed arrays, the probe takes 0.2 s instead of 0.8
  on its 20,000-row sample, at every size: the 1M-row Parquet audit 3.87 -> 3.08 s, the CSV 5.22
  -> 4.16 s. One golden's AUCs moved in the 7th digit (CHANGELOG).
- **Kept: no checkpoint when the engine closes** its disk store, which is deleted right after:
  closing took 0.43 s instead of 0.07 after the 10M-row CSV file, and about 3 s at 100M rows.
- **Not kept: the distance histogram split** into a histogram query and a moments query: 0.61 +
  1.25 against 1.48 CPU s for the first stage, 0.54 + 1.68 against 2.04 for the second. What the
  histogram costs is its 16 exact sums, not its 4,000 groups.
- **Not kept: exact sums added as doubles.** Doubles holding integers add up exactly, in any
  order, while the total stays under 2^53; so two parts rounded with the 1.5 x 2^52 trick and summed
  as doubles need no casts and no 128-bit sums: 0.302 against 0.405 CPU s for four sums over 10M
  rows. But each part then holds 53 - log2(rows) bits, about 30 at 10M rows (60 in all, against 113
  now, and fewer as files grow), and three parts (0.441) cost more than today's two integers.
- **Measured: what the missed targets would take.** Copying the 21-column 10M-row Parquet file into
  DuckDB's store as it is, with no check or normalising, takes 7.09 s (14.05 CPU s); into memory
  3.23 s (6.42), where it then spills under the memory limit. The audit's own insert takes 5.59 s
  (11.05) because it stores the categories as ENUMs: the five category columns as text cost 5.3
  CPU s alone, the eight doubles 3.2 (2.9 uncompressed, 3.5 with ALP, 5.0 with ALPRD). So any
  design that builds a table has spent the 4 s before its first query, and one without a table
  decodes and normalises the file again for each of its 28 queries (45 CPU s, second pass). The
  target needs every family's aggregates from one streaming pass over the file, which the
  two-phase moments (shifted by a first pass's means), the paired-row joins and the duplicate test
  (a sort of every key) do not allow. The same holds for the CSV target (1.5x the bare parse, about
  4.8 s) and for disparity alone in 1 s: its insert (1.78 CPU s), duplicate test (1.29) and queries
  (1.27) each take about the whole budget of 2 CPU s on 2 cores.
- **Measured: memory at 100M rows.** Peak RSS comes in the duplicate test and as the families' scans
  start, about 0.9 GB above DuckDB's 1 GiB limit. The sort of the keys holds memory outside DuckDB's
  accounting that grows slowly with the rows: the test alone over 50M, 100M and 200M keys peaked at
  1.22, 1.34 and 1.44 GB. At 100M keys count(DISTINCT) took 6.66 s and GROUP BY 9.79 against 8.25
  for the sort (at 10M the sort is quickest, see the second pass), at about the same memory.
- **100M rows against 10M: 10.86x (Parquet) and 11.04x (CSV) this time, against 10x** (9.77x for
  Parquet in the third pass: the probe's fixed cost, about 0.8 s, came off the 10M time, and the 100M run met a
  different load). Reading the file grows 10.0x; what grows faster is the duplicate test (0.63 ->
  10.01 s: its sort spills) and the families' scans (9.30 -> 107.18 s, 11.5x): at 10M the
  compressed table (0.55 GB) stays in DuckDB's 1 GiB buffer pool, at 100M (about 5.5 GB) every
  query reads it back from the store file. Query by query (each family's scan run alone, CPU s,
  10M -> 100M), every aggregate grows 9.7x to 11x except the paired-row joins: test-retest pairs
  1.01 -> 18.30 (18x), perturbation pairs 0.57 -> 13.20 (23x) and the perturbation sample 0.70 ->
  13.45 (19x), whose hash tables (8M retests, 5M variants, keyed by the candidate_id text) no
  longer fit the memory limit and spill. Those three are the excess over 10x (about 22 of 221 CPU
  s). Next: smaller join sides for the pairs (a hash key, or the pairs built once for both the
  aggregate and the sample), and the duplicate test by size (count(DISTINCT) above the memory
  limit, the sort below it).

### Fifth pass: what grew faster than the rows (December 6)

Each query below was timed alone, in a fresh process with the default 1 GiB limit on 2 threads,
against the audit's own candidates table of the 10M- and 100M-row Parquet files (CPU s).

- **Kept: the right side of a paired-row join is read into a materialized CTE first.** At 100M
  rows DuckDB planned the right side's hash table (4.2M retests, 2.5M variants) straight from a
  filtered scan of the table, built it external (partitioned) under the 1 GiB limit, and then
  pushed no min/max filter into the left scan: it probed all 92M first attempts, where at 10M the
  filter (all retests are at one stage, all variants at the other) let through half. With 1.5 GiB,
  or with the right side materialized first, the join stays in memory and the filter is pushed.
  Retest pairs 15.36 -> 13.49, perturbation pairs 11.66 -> 7.57; at 10M 1.16 -> 1.01 and 0.67 ->
  0.65. ClickHouse 18 has no CTEs and keeps its join (Dialect.pairJoin).
- **Kept: the Kendall sample slices the variants before the join.** It kept 20,000 pairs per
  variant by ranking all 2.5M joined pairs. The perturbation aggregate now also counts each
  group's scored pairs, so the engine can rank a hash slice of about 8 x 20,000 right rows per
  group first, and keeps it when every group comes back full (the same sample; otherwise the full
  ranking runs). DuckDB does not push a filter on r__row below the join (11.85, no gain), so the
  slice is a condition of the right side itself: 11.92 -> 5.84 with the CTE; at 10M about 0.7 -> 0.56.
- **Kept: the duplicate test counts distinct hashes once sorting them would spill** (the hashes
  take more than half the memory limit). Sorting: 1.47 CPU s at 10M, 16.80 at 100M; count(DISTINCT):
  1.78 and 14.83; about even at 50M keys (6.5-7.1 against 7.2). A window partitioned by the top
  bits of the hash (to sort smaller runs) took 2.44 and 29.62: not kept.
- **Not kept: narrowing the left side by the right side's stages** (stage IN (SELECT DISTINCT ...),
  what DuckDB's pushed filter does at 10M): 15.36 -> 14.43 and 11.66 -> 9.81, and with the stage
  written out as a literal 13.45 and 9.37, less than the CTE. A temporary table for the right side
  (5.67 to build + 10.66 for the retest join) cost more than the plain join, and lives per connection.
- **Not kept: DuckDB's allocator background threads** (allocator_background_threads), which give
  freed memory back to the system as they go. The duplicate test alone over 100M keys peaked at
  1.12 GB instead of 1.32 in the same time, and the 10M audit ran about 0.5 s quicker (three
  alternating runs each). But the whole 100M audit, two runs each in alternating order, took 174.03
  and 181.27 s against 169.22 and 178.46 (CPU 343 and 357 against 333 and 352 s) for 63 and 136 MB
  less peak RSS: the peak was under the 2 GB target already, and quicker at 10M with slower at 100M
  moves the ratio the wrong way.
- **Every query, 10M -> 100M:** 19.92 -> 202.29 CPU s, 10.2x (221.08 before, 11.1x). Test-retest
  pairs still grow 14x: 49.5M probes into a hash table of 4.2M retests cost 80 ns each against 57
  at 10M (cache misses; no filter prunes the first attempts without a retest). Every other query
  grows 8x to 11x; the samples, sliced, less.
- **Before and after in one session** (the whole CLI, alternating, Parquet): 10M 17.82, 18.17,
  18.47 s before against 17.40, 18.16, 18.20 after; 100M 172.76 s (peak RSS 1,848 MB) against
  168.09 s (1,737 MB). The JSON is byte-identical between the two at both sizes. The two 100M runs
  are 9.7x the best 10M run each: under that hour's load, linear before and after, where the
  fourth pass's runs gave 10.9x. The 10M rows of "Full audit" above ran about 10% slower than in
  the fourth pass (disparity alone, which this pass does not touch, took 3.02 s against 2.75): the
  change is worth about 3% at 100M, and the host's load between the 10M runs and the 100M run
  moves the ratio as much.
- **Kept: the growth target is judged against the 10M file audited right before and right after
  the 100M run** (bench/full.ts, adjacent10M), not against the best 10M run of another hour. At
  100M: Parquet 189.63 s against 20.11 and 20.26, 9.43x, met (10.29x against the table's best
  10M run, from an hour earlier); CSV 282.90 s against 27.99 and 27.30, 10.36x, missed (10.27x).
  What grows faster than the rows in the CSV audit is DuckDB's CSV reader itself: its bare parse
  took 43.44 s against 3.54 (12.3x), and reading the file is about half the CSV audit.
- **Measured: why CSV grows faster at 100M on this machine.** The 11 GB file does not fit the page
  cache (about 10 GB): during a bare parse (37.04 s, 66.5 CPU s against about 6.6 at 10M, so
  linear in CPU) vmstat showed 120-140 MB/s read from disk and the cores 8-17% idle, where at 10M
  the file is read from memory. In the audit the file also pushes the store (5.5 GB) out of the
  cache: the families' scans over the same table took 221.71 CPU s after the CSV against 202.66
  after the Parquet file, and the duplicate test 20.69 against 17.41. A machine with room in the
  page cache for both would not see it; here the audit cannot keep DuckDB's reads of the file out
  of the cache.

### Sixth pass: the floor, and the 100M-row CSV audit again (December 6)

- **Measured: the floor under the three missed 10M-row targets** (bench/floor.ts, the next
  section): what the statistics cost at the least on this machine, piece by piece. Each floor lies
  above its target, even with plain sums and the file read only once; the audit takes 1.4 to 1.9
  times its floor.
- **Measured again: the 100M-row CSV audit**, an hour after the fifth pass at a busier time:
  302.16 s against 28.95 and 30.75 s for the 10M file just before and after it, 10.44x (fifth
  pass: 10.36x). The excess lies in the same phases, and grew with the load: the families' scans
  took 253.40 CPU s after the CSV against 202.66 after the Parquet file (fifth pass: 221.71), the
  duplicate test 24.87 against 17.41, reading the file 317.55 CPU s against 294.71. The same rows
  from Parquet grow 9.43x; what the CSV adds is the cost of reading the store back once the 11 GB
  file has filled the page cache (fifth pass), which the audit cannot control from here.
`;

// 5. Command line ---------------------------------------------------------------------------------
function listArg(name: string): string[] | null {
  const i = process.argv.indexOf(name);
  return i < 0 ? null : (process.argv[i + 1] ?? '').split(',').filter(Boolean);
}

const parseSize = (s: string) => Number(s.replace(/M$/i, '')) * (/M$/i.test(s) ? 1e6 : 1);

async function main(): Promise<void> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm run bench:full does)`);
  await mkdir(OUT_DIR, { recursive: true });
  const sizes = listArg('--sizes')?.map(parseSize) ?? SIZES;
  const formats = (listArg('--formats') ?? [...FORMATS]) as Format[];
  for (const rows of sizes) {
    for (const format of formats) {
      const m = await measure('full', rows, format);
      await writeFile(outFile(m), JSON.stringify(m));
    }
    if (rows === 10_000_000 && formats.includes('parquet') && !process.argv.includes('--no-disparity')) {
      const m = await measure('disparity', rows, 'parquet');
      await writeFile(outFile(m), JSON.stringify(m));
    }
  }
  await report();
}

if (process.argv[2] === '--child-phases') console.log(JSON.stringify(await phasesChild(process.argv[3]!)));
else if (process.argv[2] === '--child-bare') console.log((await bareScan(process.argv[3]!, process.argv[4] as Format)).seconds);
else if (process.argv[2] === '--report') await report();
else await main();
