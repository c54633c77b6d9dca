import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../support/tmp.js';

/**
 * `hireaudit --version` and `--help` load no engine, schema or rendering code (issue 11 item 6):
 * the CLI runs in a child process with every module load traced, and the list is checked. Not
 * timed: what loads is what costs (bench/startup.ts measures the time).
 */
const tmp = useTempDir('hireaudit-lazy-');
const root = fileURLToPath(new URL('../../', import.meta.url));
const register = fileURLToPath(new URL('../support/trace-loads/register.mjs', import.meta.url));

/** Packages and source folders too heavy for --version and --help. */
const HEAVY = [
  /node_modules\/@duckdb\//,
  /node_modules\/@clickhouse\//,
  /node_modules\/@tensorflow\//,
  /node_modules\/danfojs-node\//,
  /node_modules\/vega(-lite|-embed)?\//,
  /node_modules\/@resvg\//,
  /node_modules\/zod\//,
  /node_modules\/yaml\//,
  /node_modules\/ml-matrix\//,
  /node_modules\/@stdlib\//,
  /node_modules\/fastify\//,
  /\/src\/audit\/(engine\/duckdb|ingest|metrics|rules|probes|stats)\//,
  /\/src\/audit\/run-audit\.ts/,
  /\/src\/reports\/(charts|html|markdown|junit|ll144|images)/,
];

/** Every module the CLI loads for `argv`, as URLs or paths, with its exit code and output. */
function traced(argv: string[]): { loads: string[]; code: number | null; stdout: string } {
  const out = tmp.path(`loads-${argv.join('-').replace(/[^a-z]/gi, '')}.txt`);
  writeFileSync(out, '');
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--import', register, 'src/cli/bin.ts', ...argv], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, HIREAUDIT_TRACE_LOADS: out },
  });
  return { loads: [...new Set(readFileSync(out, 'utf8').split('\n').filter(Boolean))], code: child.status, stdout: child.stdout };
}

const heavyIn = (loads: string[]) => loads.filter((l) => HEAVY.some((h) => h.test(l)));

describe('start-up loads only what the command needs', () => {
  it.each([['--version'], ['--help']])('%s loads no engine, schema, statistics or renderer', (flag) => {
    const run = traced([flag]);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(run.loads.some((l) => l.includes('/src/cli/main.ts'))).toBe(true); // the trace saw the CLI itself
    expect(heavyIn(run.loads)).toEqual([]);
  });

  it('the trace does see heavy modules when they load: an audit loads DuckDB and zod, but no Vega, resvg or TensorFlow.js', () => {
    const csv = tmp.path('three.csv');
    writeFileSync(csv, 'candidate_id,selected,gender\nc1,1,female\nc2,0,male\nc3,1,female\n');
    const run = traced(['audit', csv, '--protected', 'gender', '--format', 'md', '--fail-on', 'never']);
    expect(run.code).toBe(0);
    expect(run.loads.some((l) => /node_modules\/@duckdb\/node-api\//.test(l))).toBe(true); // loaded through require()
    expect(run.loads.some((l) => /node_modules\/zod\//.test(l))).toBe(true); // loaded through import
    const rendering = run.loads.filter((l) => /node_modules\/(vega|vega-lite|vega-embed|@resvg|@tensorflow|danfojs-node|@clickhouse|yaml)\//.test(l));
    expect(rendering).toEqual([]);
  });
});
