import { describe, expect, it } from 'vitest';
import { batchRuns, resolvesSeconds } from '../../../../src/audit/metrics/automation/batch.js';

/** Hand-worked examples of requirements Q9's batch index: gap <= 10 s, runs of >= 10 decisions. */
describe('batchRuns', () => {
  it('counts the follow-on decisions of a run of ten, not its first', () => {
    // ten decisions 3 s apart: one run of 10, 9 of them within 10 s of the previous one
    const ten = Array.from({ length: 10 }, (_, i) => ({ second: 1000 + 3 * i, n: 1 }));
    expect(batchRuns(ten)).toEqual({ decisions: 10, inRuns: 9 });
  });

  it('ignores runs shorter than ten and breaks runs at gaps over 10 s', () => {
    // nine decisions 5 s apart, an 11 s gap, then nine more: two runs of 9, none counted
    const nine = (start: number) => Array.from({ length: 9 }, (_, i) => ({ second: start + 5 * i, n: 1 }));
    expect(batchRuns([...nine(0), ...nine(40 + 11)])).toEqual({ decisions: 18, inRuns: 0 });
    // the same with a gap of exactly 10 s: one run of 18, 17 counted (the gap is "within 10 s")
    expect(batchRuns([...nine(0), ...nine(40 + 10)])).toEqual({ decisions: 18, inRuns: 17 });
  });

  it('treats decisions in the same second as gap-0 neighbours and sorts the seconds', () => {
    // 6 decisions at t = 50, 4 at t = 0 (given out of order): gap 50 s, runs of 4 and 6: nothing
    expect(batchRuns([{ second: 50, n: 6 }, { second: 0, n: 4 }])).toEqual({ decisions: 10, inRuns: 0 });
    // 6 at t = 7 and 4 at t = 0: one run of 10 -> 9
    expect(batchRuns([{ second: 7, n: 6 }, { second: 0, n: 4 }])).toEqual({ decisions: 10, inRuns: 9 });
    expect(batchRuns([{ second: 0, n: 10 }, { second: 100, n: 1 }])).toEqual({ decisions: 11, inRuns: 9 });
  });
});

describe('resolvesSeconds', () => {
  it('is false for dates read as midnight or whole minutes, true once a second is visible', () => {
    expect(resolvesSeconds([{ second: 86_400 * 20_500, n: 3 }, { second: 86_400 * 20_501, n: 1 }])).toBe(false);
    expect(resolvesSeconds([{ second: 600, n: 1 }, { second: 660, n: 1 }])).toBe(false);
    expect(resolvesSeconds([{ second: 600, n: 1 }, { second: 667, n: 1 }])).toBe(true);
  });
});
