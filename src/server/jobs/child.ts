import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { removeEngineFoldersOf } from '../../audit/engine/duckdb/engine-folders.js';
import type { AuditProgressView } from '../store/store.js';
import type { JobReply, JobRequest } from './protocol.js';

/** The worker entry beside this file: .ts under tsx or vitest, .js once built. */
const HERE = fileURLToPath(import.meta.url);
const FROM_SOURCE = HERE.endsWith('.ts');
const WORKER = fileURLToPath(new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url));

/**
 * Scheduling priority of job processes: nice 19, the lowest, so the server's event loop (nice 0)
 * runs first whenever it has a request and the audits get all the CPU it leaves. At nice 10 four
 * audits' DuckDB threads still outweighed it (BENCHMARKS.md, API server: p99 of status reads 41 ms
 * at nice 10, 19 ms at nice 19, in the same conditions).
 */
const JOB_NICENESS = 19;

export type FinalReply = Exclude<JobReply, { type: 'progress' }>;

export interface ChildRun {
  /** The final reply; `{ type: 'error', code: 'HA_ERR_WORKER_EXIT' }` when the process died without one. */
  done: Promise<FinalReply>;
  /** Ends the process at once (cancel, or shutdown past the grace period). */
  kill(): void;
  readonly pid: number | undefined;
}

/** Runs one job in a fresh child process; progress arrives through `onProgress`. */
export function runInChild(request: JobRequest, onProgress: (p: AuditProgressView) => void = () => {}): ChildRun {
  const debug = process.env['HIREAUDIT_DEBUG_WORKERS'] === '1';
  const child: ChildProcess = fork(WORKER, [], {
    execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
    // Worker output can hold dataset values (an engine's error message): never into the server log.
    stdio: debug ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'advanced',
  });
  // Audits yield the CPU to the API: status reads stay quick while they run.
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, JOB_NICENESS);
    } catch {
      // not permitted here: the job runs at normal priority
    }
  }
  let final: FinalReply | undefined;
  const done = new Promise<FinalReply>((resolve) => {
    child.on('message', (m: JobReply) => {
      if (m.type === 'progress') onProgress(m.progress);
      else final = m;
    });
    child.on('error', (e) => {
      final ??= { type: 'error', error: { code: 'HA_ERR_WORKER_EXIT', message: `the job process could not run: ${e.message}` } };
    });
    child.on('exit', (code, signal) => {
      const reply = final ?? { type: 'error', error: { code: 'HA_ERR_WORKER_EXIT', message: `the job process ended (${signal ?? `exit code ${code}`}) before it finished` } };
      // A job process killed (cancel, timeout, shutdown) could not remove its engine's folder,
      // whose disk store takes about as much as the upload.
      const cleaned = child.pid === undefined ? Promise.resolve() : removeEngineFoldersOf(child.pid).catch(() => {});
      void cleaned.then(() => resolve(reply));
    });
  });
  child.send(request);
  return {
    done,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    pid: child.pid,
  };
}
