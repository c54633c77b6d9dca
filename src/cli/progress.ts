import type { Writable } from 'node:stream';
import type { AuditProgress } from '../audit/contract/progress.js';

/** One line for a progress event: what is happening and, when a phase has several steps, which. */
function progressText(p: AuditProgress): string {
  const what = p.message ?? [p.phase, p.family].filter(Boolean).join(' ');
  return p.total > 1 ? `${what} (${Math.min(p.done + 1, p.total)}/${p.total})` : what;
}

/**
 * Progress on stderr, only when stderr is a terminal (pipes and CI logs stay clean): the current
 * step and the seconds elapsed, rewritten in place every half second. `update` takes an audit's
 * structured progress, `report` a plain message (e.g. the steps of `load`).
 */
export function progressReporter(stderr: Writable & { isTTY?: boolean }) {
  if (!stderr.isTTY) return { report: (_: string) => {}, update: (_: AuditProgress) => {}, done: () => {} };
  const start = Date.now();
  let phase = 'starting';
  const draw = () => stderr.write(`\r\x1b[2K${phase} … ${((Date.now() - start) / 1000).toFixed(1)} s`);
  const timer = setInterval(draw, 500);
  timer.unref();
  const report = (message: string) => {
    phase = message;
    draw();
  };
  return {
    report,
    update: (p: AuditProgress) => report(progressText(p)),
    done() {
      clearInterval(timer);
      stderr.write('\r\x1b[2K');
    },
  };
}
