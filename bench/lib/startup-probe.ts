/**
 * Where a small audit's CPU goes in the installed CLI (bench/startup.ts bundles this file with
 * esbuild and runs it in a fresh Node): the CLI core is loaded as the shell loads it
 * (scripts/cli-bundle/core-loader.ts), then the audit command runs on the CSV named by argv[2]
 * with a terminal-like stderr, so that each progress event marks where a phase starts.
 * Prints JSON: [[step, CPU ms of the process when the step ended], …] and how the code cache was used.
 *
 * Usage: node startup-probe.mjs <core.cjs> <file.csv>
 */
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { loadCore } from '../../scripts/cli-bundle/core-loader.js';

type AuditCommandModule = typeof import('../../src/cli/audit-command.js');

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const marks: [string, number][] = [['Node start-up (as `node -e 0`)', cpu()]];
const mark = (step: string) => marks.push([step, cpu()]);

const [corePath, csv] = process.argv.slice(2);
if (corePath === undefined || csv === undefined) throw new Error('usage: startup-probe.mjs <core.cjs> <file.csv>');

const STEPS = { read: 'read the core and its code cache', compile: 'compile the core (from the code cache)', run: "run the core's top level" } as const;
const { core, cache } = loadCore(resolve(corePath), (s) => mark(STEPS[s]));
const { auditCommand } = core.modules['src/cli/audit-command.ts']!() as unknown as AuditCommandModule;
mark('initialise the audit modules (zod schemas, DuckDB bindings, statistics, families, rules)');

/** The phase a progress line belongs to. */
const phaseOf = (line: string) => (/^(scan|finalize|judge|assemble)\b/.exec(line)?.[1] ?? 'ingest');
/** The first line of a phase marks the end of what ran before it: that step's name, by the phase that begins. */
const ENDED_BY: Record<string, string> = {
  ingest: 'policy and DuckDB start-up',
  scan: 'ingest: read, check and normalise the file',
  finalize: 'scans',
  judge: 'finalize',
  assemble: 'judge (with the stability bootstrap, 1,000 resamples)',
};
let phase = '';
const stderr = Object.assign(
  new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const line = chunk.toString().replace(/^\r\x1b\[2K/, '');
      const next = line === '' ? '' : phaseOf(line);
      if (next !== '' && next !== phase) {
        if (ENDED_BY[next] !== undefined) mark(ENDED_BY[next]!);
        phase = next;
      }
      done();
    },
  }),
  { isTTY: true },
);
await auditCommand(csv, { protected: ['gender'], formats: ['md'] }, stderr);
mark('assemble the AuditResult and render Markdown');
process.stdout.write(`${JSON.stringify({ cache, marks })}\n`);
