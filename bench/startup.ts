/**
 * Start-up cost of the CLI (issue 11 item 6): the whole process, from spawn to exit, of
 * `hireaudit --version`, `--help` and an audit of a 3-row CSV file, 10 runs each, median wall
 * time and peak RSS (GNU time's %M). Node alone (`node -e 0`) is measured beside them, since the
 * machine is shared and Node's own start-up is the floor. Runs the built CLI (dist/), as users do.
 *
 * Reproduce: `npm run bench:startup` (builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { f2, hardware, median, now, utcDate, writeSection } from './lib/common.js';

const RUNS = 10;
const BIN = 'dist/cli/bin.js';
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
 * Where the 3-row audit's CPU goes: one child process imports the heavy parts one after another
 * (each step's CPU is what it adds to the ones before), then audits and renders. Built modules.
 */
const BREAKDOWN_STEPS = ['zod', '@duckdb/node-api (require)', 'statistics (@stdlib, src/audit/stats)', 'contract schemas', 'families and rules (registry)', 'rest of the pipeline (run-audit)', 'the audit itself', 'Markdown rendering'];

function breakdownOnce(csv: string): number[] {
  const code = `
    import { createRequire } from 'node:module';
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const out = []; let t = cpu();
    const step = async (work) => { await work(); const now = cpu(); out.push(now - t); t = now; };
    await step(() => import('zod'));
    await step(() => createRequire(import.meta.url)('@duckdb/node-api'));
    await step(() => import('./dist/audit/stats/index.js'));
    await step(() => import('./dist/audit/contract/audit-result.js'));
    await step(() => import('./dist/audit/registry.js'));
    let runAudit, parsePolicy;
    await step(async () => ({ runAudit } = await import('./dist/audit/run-audit.js')));
    ({ parsePolicy } = await import('./dist/audit/contract/policy.js'));
    let result;
    await step(async () => { result = await runAudit({ source: { kind: 'file', path: ${JSON.stringify(csv)} }, policy: parsePolicy({ protected: ['gender'] }) }); });
    await step(async () => (await import('./dist/reports/render.js')).renderOutputs(result, ['md']));
    console.log(JSON.stringify(out));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`breakdown failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as number[];
}

function breakdown(csv: string): string[] {
  const runs = Array.from({ length: 5 }, () => breakdownOnce(csv));
  return [
    '| step | median CPU ms |',
    '| --- | ---: |',
    ...BREAKDOWN_STEPS.map((name, i) => `| ${name} | ${median(runs.map((r) => r[i]!)).toFixed(0)} |`),
  ];
}

async function main() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm run bench:startup does)`);
  const dir = await mkdtemp(join(tmpdir(), 'hireaudit-startup-'));
  try {
    const csv = join(dir, 'three.csv');
    await writeFile(csv, 'candidate_id,selected,gender\nc1,1,female\nc2,0,male\nc3,1,female\n');
    const cases: Case[] = [
      { id: 'node', what: '`node -e 0` (Node alone)', argv: ['-e', '0'] },
      { id: 'version', what: '`hireaudit --version`', argv: [BIN, '--version'] },
      { id: 'help', what: '`hireaudit --help`', argv: [BIN, '--help'] },
      { id: 'audit', what: '`hireaudit audit three.csv --protected gender` (3 rows, Markdown to stdout)', argv: [BIN, 'audit', csv, '--protected', 'gender', '--fail-on', 'never'] },
    ];
    const load = loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
    const results = cases.map(measure);
    const steps = breakdown(csv);
    const table = [
      '| what | runs | median ms | fastest ms | median CPU ms | peak RSS MB |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.what} | ${RUNS} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${r.medianCpuMs.toFixed(0)} | ${r.peakRssMb.toFixed(0)} |`),
    ];
    const node = results.find((r) => r.id === 'node')!;
    const targets = results
      .filter((r) => TARGETS_MS[r.id] !== undefined)
      .map((r) => {
        const target = TARGETS_MS[r.id]!;
        return `- ${r.what}: median ${r.medianMs.toFixed(0)} ms against ${target} ms, **${r.medianMs <= target ? 'met' : 'missed'}** (${f2(r.medianMs / node.medianMs)}× Node's own start-up).`;
      });
    process.stdout.write(`${table.join('\n')}\n\n${targets.join('\n')}\n\n${steps.join('\n')}\n`);
    await writeSection(
      '## CLI start-up',
      [
        `Measured ${utcDate()} on ${await hardware()}; load average ${load} before the runs (the machine is shared).`,
        '',
        'Reproduce with `npm run bench:startup`: it builds, then runs each command ' +
          `${RUNS} times in a fresh process (after one unmeasured run that warms the file cache); wall time of the whole process, ` +
          'CPU time (user + system, all threads) and peak RSS from GNU time. On a busy machine wall time ' +
          'stretches while CPU time stays put, so compare CPU ms between runs measured at different loads. The audit reads a 3-row CSV (candidate_id, selected, gender) and prints the Markdown summary.',
        '',
        ...table,
        '',
        '### Targets (issue 11)',
        '',
        ...targets,
        '',
        'Where the 3-row audit spends its CPU (median of 5 child processes, each step adding to the ones before; ' +
          'Node itself takes about as much as `node -e 0` above):',
        '',
        ...steps,
      ].join('\n'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
