import { BATCH } from './parameters.js';

/** Decisions of one reviewer within one whole second (the shape of the 1-second histogram). */
export interface SecondCount {
  second: number;
  n: number;
}

export interface BatchCount {
  /** Decisions analysed. */
  decisions: number;
  /** Decisions within gapSeconds of the reviewer's previous decision, inside a run of at least minRun. */
  inRuns: number;
}

/**
 * Rebuilds one reviewer's runs of quick decisions from the per-second histogram of decided_at.
 * Decisions are taken in time order; a run is a maximal chain in which every decision follows the
 * previous one by at most `gap` seconds (decisions in the same second follow at 0 s). A run of L
 * >= minRun decisions contributes its L - 1 follow-on decisions: the first one of a run is not
 * "within 10 s of the previous decision". Exact when decided_at has whole-second resolution.
 * Source: requirements.md Q9 (batch index).
 * @example batchRuns([{ second: 0, n: 10 }, { second: 100, n: 1 }]) // { decisions: 11, inRuns: 9 }
 */
export function batchRuns(seconds: readonly SecondCount[], gap: number = BATCH.gapSeconds, minRun: number = BATCH.minRun): BatchCount {
  const sorted = [...seconds].filter((s) => s.n > 0).sort((a, b) => a.second - b.second);
  let decisions = 0;
  let inRuns = 0;
  let run = 0;
  let previous = -Infinity;
  const close = () => {
    if (run >= minRun) inRuns += run - 1;
  };
  for (const s of sorted) {
    decisions += s.n;
    if (s.second - previous <= gap) run += s.n;
    else {
      close();
      run = s.n;
    }
    previous = s.second;
  }
  close();
  return { decisions, inRuns };
}

/**
 * Whether decided_at resolves seconds: when every decision falls on a whole minute (e.g. a date
 * without a time, read as midnight) gaps of 10 s cannot be seen and the batch index is not assessed.
 */
export function resolvesSeconds(seconds: readonly SecondCount[]): boolean {
  return seconds.some((s) => s.n > 0 && s.second % 60 !== 0);
}
