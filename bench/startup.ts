/**
 * Start-up cost of the CLI (issue 11 item 6, issue 14 item 4): the whole process, from spawn to
 * exit, of `hireaudit --version`, `--help` and audits of a 3-row CSV file, 10 runs each: median
 * wall time, median CPU time (user + system, all threads) and peak RSS from GNU time. Node alone
 * (`node -e 0`) is measured beside them, since the machine is shared and Node's own start-up is
 * the floor. Runs the built CLI (dist/cli: the start-up shell and the code-cached core that
 * scripts/build-cli.ts makes), as users do.
 *
 * Reproduce: `npm run bench:startup` (builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { f2, hardware, median, now, utcDate, writeSection } from './lib/common.js';

const RUNS = 10;
const BIN = 'dist/cli/bin.js';
const CORE = 'dist/cli/hireaudit-core.cjs';
const TARGETS_MS: Record<string, number> = { version: 150, audit: 350 };

interface Case {
  id: string;
  what: string;
  argv: string[];
}

interface Measured extends Case {
  medianMs: number;
  minMs: number;
  medianCpuMs: number;
  peakRssMb: number;
}

/** One run under GNU time: wall milliseconds (measured here), the child's CPU milliseconds (user + system) and peak RSS in MB. */
function runOnce(argv: string[]): { ms: number; cpuMs: number; rssMb: number } {
  const start = now();
  const child = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...argv], { encoding: 'utf8' });
  const ms = (now() - start) * 1000;
  if (child.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${child.status}:\n${child.stderr}`);
  const [kb, user, system] = child.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { ms, cpuMs: (user! + system!) * 1000, rssMb: kb! / 1024 };
}

function measure(c: Case): Measured {
  runOnce(c.argv); // warm the file cache; not counted
  const runs = Array.from({ length: RUNS }, () => runOnce(c.argv));
  const ms = runs.map((r) => r.ms);
  return { ...c, medianMs: median(ms), minMs: Math.min(...ms), medianCpuMs: median(runs.map((r) => r.cpuMs)), peakRssMb: Math.max(...runs.map((r) => r.rssMb)) };
}

/**
 * Where the 3-row audit's CPU goes in the built CLI: bench/lib/startup-probe.ts, bundled into a
 * temporary file, loads the core as the shell does and runs the audit command; each step's CPU
 * is what it adds to the ones before. Median of 5 fresh processes.
 */
async function breakdown(dir: string, csv: string): Promise<{ cache: string; lines: string[] }> {
  const probe = join(dir, 'startup-probe.mjs');
  await build({ entryPoints: ['bench/lib/startup-probe.ts'], outfile: probe, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
  const runs = Array.from({ length: 5 }, () => {
    const child = spawnSync(process.execPath, [probe, CORE, csv], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`startup probe failed:\n${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { cache: string; marks: [string, number][] };
  });
  const steps = runs[0]!.marks.map(([name]) => name);
  const cpuOf = (r: (typeof runs)[number], i: number) => r.marks[i]![1] - (i === 0 ? 0 : r.marks[i - 1]![1]);
  const total = median(runs.map((r) => r.marks.at(-1)![1]));
  return {
    cache: [...new Set(runs.map((r) => r.cache))].join(', '),
    lines: ['| step | median CPU ms |', '| --- | ---: |', ...steps.map((name, i) => `| ${name} | ${median(runs.map((r) => cpuOf(r, i))).toFixed(0)} |`), `| total (median of the runs' totals) | ${total.toFixed(0)} |`],
  };
}

async function main() {
  if (!existsSync(BIN) || !existsSync(CORE)) throw new Error(`${BIN} or ${CORE} is missing: run "npm run build" first (npm run bench:startup does)`);
  const dir = await mkdtemp(join(tmpdir(), 'hireaudit-startup-'));
  try {
    const csv = join(dir, 'three.csv');
    await writeFile(csv, 'candidate_id,selected,gender\nc1,1,female\nc2,0,male\nc3,1,female\n');
    const cases: Case[] = [
      { id: 'node', what: '`node -e 0` (Node alone)', argv: ['-e', '0'] },
      { id: 'version', what: '`hireaudit --version`', argv: [BIN, '--version'] },
      { id: 'help', what: '`hireaudit --help`', argv: [BIN, '--help'] },
      { id: 'audit', what: '`hireaudit audit three.csv --protected gender` (3 rows, Markdown to stdout)', argv: [BIN, 'audit', csv, '--protected', 'gender', '--fail-on', 'never'] },
      { id: 'audit-json', what: '`hireaudit audit three.csv --protected gender --format json`', argv: [BIN, 'audit', csv, '--protected', 'gender', '--format', 'json', '--fail-on', 'never'] },
    ];
    const loadBefore = loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
    const results = cases.map(measure);
    const loadAfter = loadavg()[0]!.toFixed(1);
    const steps = await breakdown(dir, csv);
    const table = [
      '| what | runs | median wall ms | fastest wall ms | median CPU ms | peak RSS MB |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.what} | ${RUNS} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${r.medianCpuMs.toFixed(0)} | ${r.peakRssMb.toFixed(0)} |`),
    ];
    const node = results.find((r) => r.id === 'node')!;
    const verdict = (ms: number, target: number) => `**${ms <= target ? 'met' : 'missed'}**`;
    const targets = results
      .filter((r) => TARGETS_MS[r.id.replace(/-json$/, '')] !== undefined)
      .map((r) => {
        const target = TARGETS_MS[r.id.replace(/-json$/, '')]!;
        return (
          `- ${r.what}, target ${target} ms: median wall ${r.medianMs.toFixed(0)} ms ${verdict(r.medianMs, target)} (fastest ${r.minMs.toFixed(0)} ms); ` +
          `median CPU ${r.medianCpuMs.toFixed(0)} ms ${verdict(r.medianCpuMs, target)}; ${f2(r.medianMs / node.medianMs)}× Node's own start-up (wall).`
        );
      });
    process.stdout.write(`${table.join('\n')}\n\n${targets.join('\n')}\n\ncode cache: ${steps.cache}\n${steps.lines.join('\n')}\n`);
    await writeSection(
      '## CLI start-up',
      [
        `Measured ${utcDate()} on ${await hardware()}; load average ${loadBefore} before the runs and ${loadAfter} after (the machine is shared).`,
        '',
        'Reproduce with `npm run bench:startup`: it builds, then runs each command ' +
          `${RUNS} times in a fresh process (after one unmeasured run that warms the file cache); wall time of the whole process, ` +
          'CPU time (user + system, all threads; GNU time counts in 10 ms steps) and peak RSS from GNU time. On a busy machine wall time ' +
          'stretches far more than CPU time (the 3-row audit took 270 to 340 ms of CPU at quieter and busier moments of one afternoon, ' +
          'and 270 to 1,000 ms of wall time), so compare CPU ms between runs measured at different loads. The audits read a 3-row CSV (candidate_id, selected, gender).',
        '',
        'The installed CLI is two bundles that `npm run build` makes with esbuild (scripts/build-cli.ts): dist/cli/bin.js, the ' +
          'start-up shell (flag parsing, --help, --version, writing outputs; Node built-ins only), and dist/cli/hireaudit-core.cjs, ' +
          'everything a command loads after its flags are parsed (zod, @stdlib, ml-matrix, yaml and @duckdb/node-api inside), ' +
          'compiled with a V8 code cache that the build records by running one small audit. Before, Node resolved, read and compiled ' +
          'some 1,100 modules for the same audit (about 700 of them @stdlib\'s). Native and optional packages (DuckDB\'s bindings, resvg, ' +
          'TensorFlow.js, Vega, ClickHouse, the server\'s) still load from node_modules, and only when used.',
        '',
        ...table,
        '',
        '### Targets (issues 11 and 14)',
        '',
        ...targets,
        '',
        `Where the 3-row audit spends its CPU in the built CLI (bench/lib/startup-probe.ts: the core loaded as the shell loads it, code cache ${steps.cache}; ` +
          'median of 5 fresh processes, each step adding to the ones before, CPU of the whole process from process.cpuUsage):',
        '',
        ...steps.lines,
        '',
        '### What was measured and kept',
        '',
        'Before this build (tsc output only, 2026-12-06, load average about 10 on this machine) the same 3-row audit took 850 to 880 ms of CPU ' +
          '(median of 9 runs; 630 ms in the previous run of this benchmark, at load 20) and `--version` 100 ms; run alternately with this build at ' +
          'load 7, 810 and 834 ms against 324 and 328 ms (medians of 11). In order, on the same machine and load:',
        '',
        '- one esbuild bundle of the CLI instead of ~1,100 modules: 850 -> 520 ms of CPU, and about 40 ms less again with @duckdb/node-api ' +
          'inside it (the unbundled code loads its ~180 files with require());',
        '- the core as one CommonJS file compiled with a V8 code cache recorded at build time: about -100 ms (compiling 3 MB of JavaScript ' +
          'cost 55 ms for its top level alone, then every function on its first call). `module.enableCompileCache()` does not exist on Node 20 ' +
          '(Node 22); `v8-compile-cache` breaks import(), which the core routes through the loader instead;',
        '- the shell split from the core, so `--help` and `--version` read neither the core nor its cache (one bundle for both: +30 ms for `--version`);',
        "- `import * as z from 'zod'` (zod's documented form) so the bundle keeps what is used rather than zod's 40 locales: about -30 ms;",
        '- parsing the policy and the AuditResult with `{ jitless: true }`: -20 ms (zod compiles a fast path per object shape on a first parse);',
        '- Intl date formats and the phrase patterns of the Dutch catalogue made on first use: -15 ms and -4 ms.',
        '',
        'Measured and not changed: the family registry loads every family eagerly, but in the code-cached core all seven families with ' +
          'their rules initialise in about 10 ms (ml-matrix 0.7 ms; TensorFlow.js was already imported only when the proxy probe runs), so ' +
          'registry entries that import their code on demand would not pay for the change of interface. The @stdlib packages were already ' +
          'single functions; their cost was their ~700 modules, which bundling removes. The zod schemas (about 35 ms to build) are all needed: ' +
          'the policy is parsed and every AuditResult is parsed against its schema on the way out. Loading DuckDB\'s native bindings costs ' +
          'about 25 ms of that initialisation (dlopen and libc detection) and is needed by every audit. The stability bootstrap (1,000 resamples, ' +
          'about 40 ms of the judge step) and the ingest are the audit\'s own work.',
      ].join('\n'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
