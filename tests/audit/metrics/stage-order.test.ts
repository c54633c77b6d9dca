import { describe, expect, it } from 'vitest';
import { stagesInOrder, totalN } from '../../../src/audit/metrics/group-frame.js';

/**
 * The one order in which every section lists stages (disparity, validity, automation, error rates
 * share stagesInOrder): by tool, then the policy's stage list, then larger stages first, then name.
 */
const cell = (tool: string | null, stage: string, n: number) => ({ tool, stage, n });

describe('stagesInOrder', () => {
  const cells = [
    cell('b', 'screen', 5),
    cell(null, 'offer', 10),
    cell(null, 'interview', 10),
    cell(null, 'screen', 3),
    cell(null, 'assessment', 40),
    cell(null, 'screen', 30),
    cell('a', 'screen', 1),
  ];
  const order = (stages: string[] | undefined) =>
    stagesInOrder(cells, stages ? { stages } : {}, totalN).map((s) => `${s.tool ?? '-'}/${s.stage}/${totalN(s.cells)}`);

  it('without a stage list: tool, then larger stages first, then name', () => {
    expect(order(undefined)).toEqual(['-/assessment/40', '-/screen/33', '-/interview/10', '-/offer/10', 'a/screen/1', 'b/screen/5']);
  });

  it("the policy's stage list comes first, in its order; stages it does not name follow by size", () => {
    expect(order(['offer', 'screen'])).toEqual(['-/offer/10', '-/screen/33', '-/assessment/40', '-/interview/10', 'a/screen/1', 'b/screen/5']);
  });

  it('keeps every cell of a stage, in input order, and sorts by the size it is given', () => {
    const bySmallest = stagesInOrder(cells, {}, (cs) => -totalN(cs));
    expect(bySmallest.map((s) => s.stage).slice(0, 4)).toEqual(['interview', 'offer', 'screen', 'assessment']);
    expect(bySmallest.find((s) => s.tool === null && s.stage === 'screen')!.cells.map((c) => c.n)).toEqual([3, 30]);
  });
});
