import { isAuditError } from '../audit/errors.js';

/** The signals that stop an audit or a load, with their numbers (a shell reports 128 + the number). */
const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;
type SignalName = keyof typeof SIGNALS;

/** Why a command was cancelled: a signal to the process. */
export class Interruption extends Error {
  /** What a shell expects of a process a signal stopped: 128 + its number (130 for Ctrl-C). */
  readonly exitCode: number;

  constructor(signal: SignalName) {
    super(signal === 'SIGINT' ? 'interrupted (Ctrl-C)' : 'terminated (SIGTERM)');
    this.name = 'Interruption';
    this.exitCode = 128 + SIGNALS[signal];
  }
}

/**
 * Runs an audit or a load that Ctrl-C and SIGTERM stop cleanly. The first signal aborts `run`'s
 * signal: the engine interrupts its query, closes and removes its files on disk (the store of a
 * large file takes gigabytes), and the command ends with a CancelledError whose cause is the
 * Interruption. A second signal ends the process at once (the engine's folders are removed on
 * exit all the same). The handlers are installed only while `run` runs.
 */
export async function interruptible<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const handlers = (Object.keys(SIGNALS) as SignalName[]).map((name) => {
    const handler = () => {
      if (controller.signal.aborted) process.exit(new Interruption(name).exitCode);
      controller.abort(new Interruption(name));
    };
    process.on(name, handler);
    return { name, handler };
  });
  try {
    return await run(controller.signal);
  } finally {
    for (const { name, handler } of handlers) process.off(name, handler);
  }
}

/**
 * The interruption that cancelled a command, or null when `e` is anything else. The CancelledError
 * may come from the CLI core's copy of the errors module (isAuditError); its cause is the very
 * Interruption made here.
 */
export function interruptionOf(e: unknown): Interruption | null {
  return isAuditError(e) && e.code === 'HA_ERR_CANCELLED' && e.cause instanceof Interruption ? e.cause : null;
}
