import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { DataPaths } from '../paths.js';
import type { Retention } from '../retention.js';
import type { SigningKey } from '../signing-key.js';
import { isTempName } from '../store/durable-fs.js';
import type { AuditProgressView, AuditRecord, Store } from '../store/store.js';
import { type ChildRun, runInChild } from './child.js';
import { dropAuditTables } from './clickhouse.js';
import { MANIFEST } from './protocol.js';

export interface RunnerOptions {
  store: Store;
  paths: DataPaths;
  signing: SigningKey;
  retention: Retention;
  log: FastifyBaseLogger;
  /** Audits running at once (each in its own process). */
  concurrency: number;
  /** How often the queue is looked at when nothing signals it (another instance may add jobs). */
  pollMs?: number;
  /** clickhouse://… : audits run there (see jobs/clickhouse.ts); default the embedded DuckDB. */
  engine?: string;
}

/** With a shared store: a running job whose instance has not beaten for this long is taken over. */
const STALE_AFTER_MS = 30_000;
/** Leftover temporary files younger than this may belong to another instance's work in progress. */
export const LEFTOVER_AGE_MS = 60 * 60_000;

/** Progress is written to the store at most this often per job (and at every phase change). */
const PROGRESS_EVERY_MS = 250;

/** The title of a failed job: whose problem it is, the dataset's (with this policy) or the server's. */
function failureTitle(code: string): string {
  if (code === 'HA_ERR_CONTRACT' || code === 'HA_ERR_POLICY' || code === 'HA_ERR_FILE' || code === 'HA_ERR_USAGE') return 'The dataset cannot be audited with this policy';
  if (code === 'HA_ERR_STORAGE') return 'The server has no room left';
  if (code === 'HA_ERR_ENGINE') return 'The engine could not finish this audit';
  return 'Internal error';
}

/**
 * The durable audit queue. Jobs are rows in the store (status queued/running/…); this runner
 * claims them up to the concurrency limit and runs each in a child process. A job found
 * `running` at start was interrupted (crash, kill, power cut) and is queued again; the audit is
 * deterministic (the policy, its audit date and seed were fixed at submission), so the re-run
 * writes the same bytes.
 */
export class JobRunner {
  private readonly running = new Map<string, ChildRun>();
  private readonly cancelled = new Set<string>();
  /** Outcomes the store could not record yet, by job (see record()). */
  private readonly unrecorded = new Map<string, () => Promise<void>>();
  private recording = false;
  private readonly settled = new Map<string, Promise<void>>();
  private stopping = false;
  private pumping: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  /** This instance's name in the store (claims and heartbeats). */
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(private readonly o: RunnerOptions) {}

  get active(): number {
    return this.running.size;
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /** Start-up: interrupted jobs back in the queue, half-written results removed, then run. */
  async start(): Promise<void> {
    // Alone on the store, every running job was this data folder's previous life; shared, only
    // those whose instance stopped beating are.
    const requeued = this.o.store.shared ? await this.o.store.requeueStale(new Date(Date.now() - STALE_AFTER_MS).toISOString()) : await this.o.store.requeueRunning();
    if (requeued > 0) this.o.log.info({ jobs: requeued }, 'interrupted audits queued again');
    await this.sweepResults();
    this.timer = setInterval(() => this.tick(), this.o.pollMs ?? 1000);
    this.timer.unref();
    this.notify();
  }

  private tick(): void {
    const now = new Date();
    if (this.unrecorded.size > 0 && !this.recording) {
      this.recording = true;
      void this.recordAgain().finally(() => (this.recording = false));
    }
    if (this.running.size > 0) void this.o.store.heartbeat(this.instance, now.toISOString()).catch(() => {});
    if (this.o.store.shared) {
      void this.o.store
        .requeueStale(new Date(now.getTime() - STALE_AFTER_MS).toISOString())
        .then((n) => n > 0 && this.o.log.info({ jobs: n }, "audits of a stopped instance queued again"))
        .catch(() => {});
    }
    this.notify();
  }

  /** Something was queued or a slot freed: claim jobs up to the limit. */
  notify(): void {
    if (this.stopping) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump()
      .catch((e: unknown) => this.o.log.error({ err: e }, 'job queue error'))
      .finally(() => {
        this.pumping = null;
        if (this.again) {
          this.again = false;
          this.notify();
        }
      });
  }

  private async pump(): Promise<void> {
    while (!this.stopping && this.running.size < this.o.concurrency) {
      const job = await this.o.store.claimNextAudit(new Date().toISOString(), this.instance);
      if (!job) return;
      await this.launch(job);
    }
  }

  private async launch(job: AuditRecord): Promise<void> {
    const { store, paths, log } = this.o;
    const outDir = paths.resultDir(job.id);
    const finished = await readManifest(outDir);
    if (finished) {
      // The previous run wrote the whole result, then died before recording it.
      await this.finish(job, 'done', { outputs: finished });
      return;
    }
    const dataset = await store.getDataset(job.tenant, job.datasetId);
    if (!dataset || dataset.rawDeletedAt !== null) {
      await this.finish(job, 'failed', { error: { code: 'HA_ERR_GONE', title: 'Gone', detail: `the raw data of dataset "${job.datasetId}" was deleted before the audit ran` } });
      return;
    }
    log.info({ audit: job.id, tenant: job.tenant, attempt: job.attempts }, 'audit started');
    let last = 0;
    let lastPhase = '';
    const onProgress = (p: AuditProgressView) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS && p.phase === lastPhase) return;
      last = now;
      lastPhase = p.phase;
      void store.setProgress(job.id, p).catch(() => {});
    };
    const run = runInChild(
      { kind: 'audit', auditId: job.id, path: paths.datasetFile(dataset.id, dataset.name), name: dataset.name, format: dataset.format, policy: job.policy, outDir, privateKeyPem: this.o.signing.privateKeyPem, ...(this.o.engine !== undefined ? { engine: this.o.engine } : {}) },
      onProgress,
    );
    this.running.set(job.id, run);
    const settled = run.done.then(async (reply) => {
      this.running.delete(job.id);
      if (this.cancelled.delete(job.id)) {
        await rm(outDir, { recursive: true, force: true });
        // A killed ClickHouse audit leaves its table (candidates' rows): drop it now.
        if (this.o.engine !== undefined) await dropAuditTables(this.o.engine, job.id).catch((e: unknown) => log.error({ err: e, audit: job.id }, 'could not drop the audit table in ClickHouse'));
      } else if (this.stopping && reply.type === 'error' && reply.error.code === 'HA_ERR_WORKER_EXIT') {
        // Killed by shutdown: stays `running` in the store and is re-queued (stop() or the next start).
      } else if (reply.type === 'done') {
        await this.record(job.id, () => this.finish(job, 'done', { outputs: reply.outputs }));
      } else if (reply.type === 'error') {
        const e = reply.error;
        await this.record(job.id, () => this.finish(job, 'failed', { error: { code: e.code, title: failureTitle(e.code), detail: e.message, ...(e.issues ? { issues: e.issues } : {}) } }));
      }
      this.notify();
    });
    this.settled.set(job.id, settled.finally(() => this.settled.delete(job.id)));
  }

  /**
   * Records an outcome, or keeps it to try again at every tick while the store cannot take it (its
   * disk full, say): the job stays `running` meanwhile, and the server goes on serving.
   */
  private async record(id: string, outcome: () => Promise<void>): Promise<void> {
    try {
      await outcome();
      this.unrecorded.delete(id);
    } catch (e) {
      if (!this.unrecorded.has(id)) this.o.log.error({ err: e, audit: id }, 'could not record the outcome of the audit; trying again');
      this.unrecorded.set(id, outcome);
    }
  }

  /** The outcomes the store could not take yet, tried again one after another. */
  private async recordAgain(): Promise<void> {
    for (const [id, outcome] of [...this.unrecorded]) await this.record(id, outcome);
  }

  /**
   * Records the outcome. A done audit's retention rule runs first, so that "done" is only ever
   * seen with the raw data already handled (a crash in between re-runs nothing: the result folder
   * is complete, and the next start records it).
   */
  private async finish(job: AuditRecord, status: 'done' | 'failed', extra: { outputs?: Record<string, string>; error?: AuditRecord['error'] }): Promise<void> {
    if (status === 'done') await this.o.retention.afterAudit(job.tenant, job.datasetId, job.policy.protected, 1);
    const changed = await this.o.store.finishAudit(job.id, status, new Date().toISOString(), extra);
    this.o.log.info({ audit: job.id, tenant: job.tenant, status, code: extra.error?.code }, 'audit finished');
    if (changed && status === 'failed') await this.o.retention.afterAudit(job.tenant, job.datasetId, job.policy.protected, 0);
  }

  /** Cancels a queued or running audit; false when it had already finished. */
  async cancel(id: string): Promise<boolean> {
    const changed = await this.o.store.finishAudit(id, 'cancelled', new Date().toISOString(), {});
    const run = this.running.get(id);
    if (changed && run) {
      this.cancelled.add(id);
      run.kill();
      await this.settled.get(id);
    }
    return changed;
  }

  /**
   * Shutdown: take no new jobs, let running ones finish for up to `graceMs`, then end them and
   * put them back in the queue (the next start runs them again from the beginning).
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.pumping;
    const all = () => Promise.all([...this.settled.values()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all(), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    const left = [...this.running.keys()];
    for (const run of this.running.values()) run.kill();
    await all();
    if (left.length > 0) {
      await this.o.store.requeueRunning(left);
      this.o.log.info({ jobs: left.length }, 'running audits queued again for the next start');
    }
  }

  /** Temporary result folders of killed runs, and results of audits no longer in the store. */
  private async sweepResults(): Promise<void> {
    const names = await readdir(this.o.paths.results).catch(() => [] as string[]);
    const known = await this.o.store.allAuditIds();
    for (const name of names) {
      if (!isTempName(name) && known.has(name)) continue;
      if (this.o.store.shared && !(await olderThan(this.o.paths.resultDir(name), LEFTOVER_AGE_MS))) continue;
      await rm(this.o.paths.resultDir(name), { recursive: true, force: true });
    }
  }
}

/** True when the path was last changed more than `ms` ago (or is gone). */
export async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ms;
  } catch {
    return true;
  }
}

async function readManifest(dir: string): Promise<Record<string, string> | null> {
  try {
    return JSON.parse(await readFile(`${dir}/${MANIFEST}`, 'utf8')) as Record<string, string>;
  } catch {
    return null;
  }
}
