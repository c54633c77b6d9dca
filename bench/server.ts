/**
 * Server benchmark (issue 13): autocannon on loopback against `hireaudit serve` in its own
 * process, bounded in time: status reads of a running audit, and reads of a finished result
 * (with and without its ETag), while 4 audits of a 1M-row dataset run in the server's job
 * processes; before that, how often one access-log write (one per request) holds the event loop,
 * with SQLite's own WAL checkpoints and with the store's background checkpointer. Writes the
 * "API server" section of BENCHMARKS.md.
 *
 *   npm run bench:server                  # 15 s per read scenario
 *   npm run bench:server -- --seconds 5
 *   npm run bench:server -- --no-write    # print the table, leave BENCHMARKS.md alone
 *
 * Every request goes to 127.0.0.1; each autocannon run stops after its duration; the server is
 * stopped (SIGTERM, then SIGKILL) at the end or on any failure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createKey } from '../src/server/keys.js';
import { SqliteStore } from '../src/server/store/sqlite-store.js';
import { ensureDataset, f2, hardware, utcDate, writeSection } from './lib/common.js';
import { disparityDatasetSql } from './lib/disparity-data.js';

const ROWS = 1_000_000;
const AUDITS = 4;
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 15;
const CONNECTIONS = 10;
const WRITE = !process.argv.includes('--no-write');
/** Issue 13's target: p99 of status reads during the audits. */
const TARGET_P99_MS = 50;

async function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'serve', '--data-dir', dir, '--port', '0', '--workers', String(AUDITS), '--rate-limit', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 60_000);
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${err}`)));
  });
  return { child, url };
}

async function call(url: string, key: string, path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string> | undefined) } });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** CPU time (user + system, all threads) the process has used so far, in ms (Linux /proc). */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

const LOG_WRITES = 20_000;

interface Stalls {
  mode: string;
  p50: number;
  p999: number;
  max: number;
  over1: number;
  over5: number;
}

/**
 * LOG_WRITES access-log entries written one after another, as requests write them, each timed:
 * a write that runs a WAL checkpoint (copy to the database file, fsync) holds the event loop.
 */
async function accessLogWrites(backgroundCheckpoints: boolean): Promise<Stalls> {
  const dir = await mkdtemp(join(tmpdir(), 'hireaudit-bench-log-'));
  const store = new SqliteStore(join(dir, 'hireaudit.db'), { backgroundCheckpoints });
  const ms: number[] = [];
  try {
    for (let i = 0; i < LOG_WRITES; i++) {
      const t = performance.now();
      await store.logAccess({ at: new Date().toISOString(), tenant: 'bench', keyId: '0123456789ab', action: 'audit.get', resource: 'audit', resourceId: 'au_AAAAAAAAAAAAAAAA', datasetId: 'ds_AAAAAAAAAAAAAAAA', status: 200 });
      ms.push(performance.now() - t);
    }
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.floor(p * (ms.length - 1))]!;
  return { mode: backgroundCheckpoints ? 'checkpoints in a worker thread (the server)' : "SQLite's automatic checkpoints in the writing connection", p50: q(0.5), p999: q(0.999), max: q(1), over1: ms.filter((t) => t > 1).length, over5: ms.filter((t) => t > 5).length };
}

interface Run {
  name: string;
  /** Server CPU (all its threads) per request: what a read costs, less bent by other load than latency. */
  cpuUs: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  codes: string;
  runningAtEnd: number;
}

async function cannon(name: string, pid: number, url: string, headers: Record<string, string>, running: () => Promise<number>): Promise<Run> {
  const before = await cpuMs(pid);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const cpuUs = ((await cpuMs(pid)) - before) * 1000 / r.requests.total;
  const codes = Object.entries((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([code, s]) => `${code}: ${s.count}`).join(', ');
  return { name, cpuUs, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, requests: r.requests.total, non2xx: r.non2xx, codes, runningAtEnd: await running() };
}

async function main(): Promise<void> {
  await mkdir('bench/data', { recursive: true });
  const file = await ensureDataset(`bench/data/disparity-${ROWS / 1e6}M.parquet`, ROWS, disparityDatasetSql(ROWS), 'parquet');
  const loadAtStart = loadavg();
  const stalls = [await accessLogWrites(false), await accessLogWrites(true)];
  const dir = await mkdtemp(join(tmpdir(), 'hireaudit-bench-server-'));
  const store = new SqliteStore(join(dir, 'hireaudit.db'));
  const key = (await createKey(store, 'bench', 'admin')).key;
  await store.close();
  const { child, url } = await startServer(dir);
  try {
    await call(url, key, '/v1/tenant', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"deleteRawAfterAudit":"never"}' });
    // A finished result to read.
    const small = await call(url, key, '/v1/datasets?name=ucb.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: await readFile('fixtures/ucb-admissions.csv') });
    const done = await call(url, key, '/v1/audits', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataset: small['id'], policy: { protected: ['gender'], funnel: false } }) });
    await waitFor('the small audit', async () => (await call(url, key, `/v1/audits/${String(done['id'])}`))['status'] === 'done');
    const resultPath = `/v1/audits/${String(done['id'])}/result`;
    const etag = (await fetch(`${url}${resultPath}`, { headers: { authorization: `Bearer ${key}` } })).headers.get('etag')!;

    // Baseline: the same status read with no audit running (what the machine gives without them).
    const auth = { authorization: `Bearer ${key}` };
    const pid = child.pid!;
    const baseline = await cannon('status, no audit running (baseline)', pid, `${url}/v1/audits/${String(done['id'])}`, auth, async () => 0);

    // The 1M-row dataset and 4 audits of it.
    const t0 = performance.now();
    const big = await call(url, key, '/v1/datasets?name=disparity-1M.parquet', { method: 'POST', headers: { 'content-type': 'application/vnd.apache.parquet' }, body: await readFile(file) });
    const uploadSeconds = (performance.now() - t0) / 1000;
    const policy = { protected: ['gender', 'ethnicity', 'age_band'] };
    const ids: string[] = [];
    for (let i = 0; i < AUDITS; i++) ids.push(String((await call(url, key, '/v1/audits', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataset: big['id'], policy }) }))['id']));
    const t1 = performance.now();
    const statuses = async () => Promise.all(ids.map(async (id) => String((await call(url, key, `/v1/audits/${id}`))['status'])));
    const running = async () => (await statuses()).filter((s) => s === 'running').length;
    await waitFor('the audits to run', async () => (await running()) === AUDITS, 120_000);

    const runs: Run[] = [];
    runs.push(await cannon('status of a running audit', pid, `${url}/v1/audits/${ids[0]}`, auth, running));
    runs.push(await cannon('result JSON (200, 0.5 MB... see size)', pid, `${url}${resultPath}`, auth, running));
    runs.push(await cannon('result with If-None-Match (304)', pid, `${url}${resultPath}`, { ...auth, 'if-none-match': etag }, running));
    await waitFor('the audits to finish', async () => (await statuses()).every((s) => s === 'done' || s === 'failed'));
    const auditSeconds = (performance.now() - t1) / 1000;
    const final = await statuses();
    const size = (await readFile(join(dir, 'results', String(done['id']), 'audit-result.json'))).length;
    runs[1]!.name = `result JSON (200, ${(size / 1024).toFixed(0)} KiB)`;
    runs.unshift(baseline);

    const table = [
      '| read | requests/s | p50 ms | p99 ms | max ms | server CPU µs/request | requests | status codes | audits still running at its end |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
      ...runs.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.max} | ${r.cpuUs.toFixed(0)} | ${r.requests} | ${r.codes} | ${r.runningAtEnd} of ${AUDITS} |`),
    ];
    const status = runs[1]!;
    const loads = (l: number[]) => l.map((x) => x.toFixed(1)).join(', ');
    const stallTable = [
      `| ${LOG_WRITES.toLocaleString('en')} access-log writes | p50 ms | p99.9 ms | max ms | over 1 ms | over 5 ms |`,
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...stalls.map((x) => `| ${x.mode} | ${x.p50.toFixed(3)} | ${x.p999.toFixed(1)} | ${x.max.toFixed(1)} | ${x.over1} | ${x.over5} |`),
    ];
    const body = `
\`npm run bench:server\` (bench/server.ts), ${utcDate()}; ${await hardware()}.
Load average (1, 5, 15 min) ${loads(loadAtStart)} at the start and ${loads(loadavg())} at the end: the machine is
shared (other people's test suites and benchmarks ran at the same time), so these latencies include
their contention; compare rows of one run rather than runs of different days.

\`hireaudit serve --workers ${AUDITS}\` in its own process on loopback (rate limit off); autocannon with
${CONNECTIONS} connections for ${SECONDS} s per read, while ${AUDITS} audits of the 1M-row disparity dataset
(Parquet, protected gender, ethnicity and age band; bench/lib/disparity-data.ts) ran in the
server's job processes. The upload of the 1M-row file took ${f2(uploadSeconds)} s (hash while streaming,
contract check in a job process, fsync, rename); the ${AUDITS} audits took ${f2(auditSeconds)} s together and
ended ${final.join(', ')}. The baseline row is the same read before the audits started. Server CPU is
the server process's user + system time (all its threads) over the requests of the row.

${table.join('\n')}

Target (issue 13): p99 under ${TARGET_P99_MS} ms for status reads during the audits: ${status.p99 < TARGET_P99_MS ? `met (${status.p99} ms)` : `**not met** (${status.p99} ms)`}.

What a status read (GET /v1/audits/{id}) does on the event loop: the key's row read by its id and
its secret checked (HMAC-SHA256, salted; no cache, so a revoked key is refused on its next
request even when \`hireaudit keys revoke\` ran in another process), the audit, its dataset and
tenant read (three primary-key reads of prepared statements), the view built, checked against the
API's zod schema and serialised, and one access-log row committed (WAL, no fsync per row). Audits
never run there: each is a child process at nice 19, so the server's thread runs first whenever it
has a request. WAL checkpoints (the fsync of the database file) run in a worker thread; before,
one access-log write in a few hundred ran one on the event loop:

${stallTable.join('\n')}
`;
    if (WRITE) await writeSection('## API server', body);
    process.stdout.write(`${table.join('\n')}\nupload ${f2(uploadSeconds)} s; ${AUDITS} audits ${f2(auditSeconds)} s (${final.join(', ')}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  } finally {
    child.kill('SIGTERM');
    const exited = new Promise((r) => child.once('exit', r));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
