import type { Writable } from 'node:stream';

/**
 * Progress on stderr, only when stderr is a terminal (pipes and CI logs stay clean): the current
 * phase and the seconds elapsed, rewritten in place every half second.
 */
export function progressReporter(stderr: Writable & { isTTY?: boolean }) {
  if (!stderr.isTTY) return { report: (_: string) => {}, done: () => {} };
  const start = Date.now();
  let phase = 'starting';
  const draw = () => stderr.write(`\r\x1b[2K${phase} … ${((Date.now() - start) / 1000).toFixed(1)} s`);
  const timer = setInterval(draw, 500);
  timer.unref();
  return {
    report(message: string) {
      phase = message;
      draw();
    },
    done() {
      clearInterval(timer);
      stderr.write('\r\x1b[2K');
    },
  };
}
