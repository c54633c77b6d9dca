import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/**
 * The worker's code, plain CommonJS so it runs alike from source (tsx, vitest) and from dist/:
 * its own connection to the database checkpoints the WAL (copies committed pages into the
 * database file and fsyncs it) every `everyMs`. PASSIVE never waits for, nor blocks, the
 * server's readers and writers.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * WAL checkpoints off the event loop. SQLite checkpoints when a commit finds the WAL past 1000
 * pages, in the committing connection: on the server's one thread that is an fsync of the
 * database file in the middle of a request (measured here: about one commit in 150 of the
 * access log took 5 to 90 ms). With automatic checkpoints off in the server's connections, this
 * worker thread does them instead. Durability is unchanged: it rests on the WAL (fsync'd at
 * every commit of the synchronous=FULL connection), not on when pages reach the database file.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private exited: Promise<void>;
  private failed = false;

  /** `onFailure` runs once if the worker cannot go on (the caller then turns automatic checkpoints back on). */
  constructor(file: string, everyMs: number, onFailure: (why: string) => void) {
    this.worker = new Worker(SOURCE, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file, everyMs } });
    this.worker.unref();
    const fail = (why: string) => {
      if (this.failed) return;
      this.failed = true;
      onFailure(why);
    };
    this.worker.on('message', (m: { error?: string }) => m.error !== undefined && fail(m.error));
    this.worker.on('error', (e) => fail(e.message));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** A last checkpoint, then the worker's connection closes and the thread ends. */
  async close(): Promise<void> {
    this.failed = true; // an exit from here on is expected
    this.worker.ref(); // keep the process up until the thread has closed its connection
    this.worker.postMessage('close');
    await this.exited;
  }
}
