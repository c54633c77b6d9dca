import { describe, expect, it } from 'vitest';
import {
  type ConfusionCounts,
  compareErrorRates,
  equalizedOdds,
  errorRates,
  rateTable2x2,
} from '../../../src/audit/stats/error-rates.js';
import { expectRelClose } from './close-to.js';

// fairlearn user guide, "Performing a Fairness Assessment" (docs/user_guide/assessment/
// perform_fairness_assessment.rst): the MetricFrame example data.
const Y_TRUE = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
const Y_PRED = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
const SF = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];

function tally(keep: (i: number) => boolean): ConfusionCounts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  Y_TRUE.forEach((t, i) => {
    if (!keep(i)) return;
    const p = Y_PRED[i]!;
    if (p === 1 && t === 1) c.tp++;
    else if (p === 1) c.fp++;
    else if (t === 1) c.fn++;
    else c.tn++;
  });
  return c;
}

const groups = Object.fromEntries(['a', 'b', 'c'].map((g) => [g, errorRates(tally((i) => SF[i] === g))]));
const overall = errorRates(tally(() => true));

describe('errorRates: fairlearn MetricFrame documentation example', () => {
  it('confusion tables by hand from the arrays', () => {
    // a: rows 2 (TP), 8 (FN), 9 (FP), 11 (FP); b: 0 (TN), 1 (FN), 3 (FN), 4, 12, 15 (TP);
    // c: 5, 10 (FP), 6, 16 (TP), 7 (TN), 13, 14, 17 (FN).
    expect(groups.a!.counts).toEqual({ tp: 1, fp: 2, fn: 1, tn: 0 });
    expect(groups.b!.counts).toEqual({ tp: 3, fp: 0, fn: 2, tn: 1 });
    expect(groups.c!.counts).toEqual({ tp: 2, fp: 2, fn: 3, tn: 1 });
  });

  it('by_group and overall tpr, fpr, selection rate as printed by fairlearn', () => {
    // mf.by_group:  a tpr 0.5 fpr 1.000000 sel 0.75 count 4; b 0.6 0.000000 0.50 6; c 0.4 0.666667 0.50 8
    // mf.overall:   tpr 0.500000, fpr 0.666667, sel 0.555556, count 18
    const printed = { a: [0.5, 1, 0.75, 4], b: [0.6, 0, 0.5, 6], c: [0.4, 0.666667, 0.5, 8] } as const;
    for (const [g, [tpr, fpr, sel, count]] of Object.entries(printed)) {
      const r = groups[g]!;
      expect(r.tpr.value).toBeCloseTo(tpr, 6);
      expect(r.fpr.value).toBeCloseTo(fpr, 6);
      expect(r.selectionRate.value).toBeCloseTo(sel, 6);
      expect(r.selectionRate.n).toBe(count);
    }
    expect(overall.tpr.value).toBeCloseTo(0.5, 6);
    expect(overall.fpr.value).toBeCloseTo(0.666667, 6);
    expect(overall.selectionRate.value).toBeCloseTo(0.555556, 6);
  });

  it('the complements and precision follow from the same tables', () => {
    // b: fnr = 2/5, tnr = 1/1, precision = 3/3; a: tnr over 2 unqualified = 0/2, precision 1/3
    expect(groups.b!.fnr.value).toBe(0.4);
    expect(groups.b!.tnr.value).toBe(1);
    expect(groups.b!.precision.value).toBe(1);
    expect(groups.a!.tnr.value).toBe(0);
    expectRelClose(groups.a!.precision.value!, 1 / 3, 1e-15);
  });

  it('Wilson intervals as scipy reports them', () => {
    // scipy 1.17.1 binomtest(x, n).proportion_ci(method='wilson'): 3/5 (0.23072428127601297, 0.8823792257673521),
    // 2/5 (0.11762077423264794, 0.769275718723987), 1/2 (0.09453120573423074, 0.9054687942657693)
    expectRelClose(groups.b!.tpr.lower!, 0.23072428127601297, 1e-12);
    expectRelClose(groups.b!.tpr.upper!, 0.8823792257673521, 1e-12);
    expectRelClose(groups.c!.tpr.lower!, 0.11762077423264794, 1e-12);
    expectRelClose(groups.c!.tpr.upper!, 0.769275718723987, 1e-12);
    expectRelClose(groups.a!.tpr.lower!, 0.09453120573423074, 1e-12);
  });

  it("between groups: fairlearn's difference() and ratio(), and equalized odds", () => {
    // mf.difference(): tpr 0.20, fpr 1.00; mf.ratio(): tpr 0.666667, fpr 0.000000.
    // fairlearn equalized_odds_difference = max(tpr, fpr differences) = 1; _ratio = min(ratios) = 0.
    const eo = equalizedOdds([groups.a!, groups.b!, groups.c!]);
    expectRelClose(eo.tpr.difference!, 0.2, 1e-14);
    expect(eo.tpr.ratio).toBeCloseTo(0.666667, 6);
    expect(eo.fpr.difference).toBe(1);
    expect(eo.fpr.ratio).toBe(0);
    expect(eo.difference).toBe(1);
    expect(eo.ratio).toBe(0);
  });

  it('against a reference group: ratio and difference (fairlearn to_overall, with overall as reference)', () => {
    // mf.difference(method='to_overall'): tpr 0.100000 (largest |group - overall|), fpr 0.666667;
    // mf.ratio(method='to_overall'): tpr 0.800000 (smallest, with ratios taken below 1), fpr 0.
    const vsOverall = Object.values(groups).map((g) => compareErrorRates(g, overall));
    const tprDiffs = vsOverall.map((c) => Math.abs(c.tpr.difference!));
    const fprDiffs = vsOverall.map((c) => Math.abs(c.fpr.difference!));
    expect(Math.max(...tprDiffs)).toBeCloseTo(0.1, 6);
    expect(Math.max(...fprDiffs)).toBeCloseTo(0.666667, 6);
    const below1 = (r: number) => (r > 1 ? 1 / r : r);
    expect(Math.min(...vsOverall.map((c) => below1(c.tpr.ratio!)))).toBeCloseTo(0.8, 6);
    expect(Math.min(...vsOverall.map((c) => below1(c.fpr.ratio!)))).toBe(0);
    // a against b directly: tpr 0.5 / 0.6, fpr undefined ratio (b's fpr is 0), difference 1 - 0
    const ab = compareErrorRates(groups.a!, groups.b!);
    expectRelClose(ab.tpr.ratio!, 5 / 6, 1e-15);
    expect(ab.fpr).toEqual({ ratio: null, difference: 1 });
  });
});

describe('errorRates: definitions and edges', () => {
  it('a rate with no candidates in its denominator is null, not 0', () => {
    // Everyone with a criterion was qualified: fpr and tnr are undefined.
    const r = errorRates({ tp: 4, fp: 0, fn: 1, tn: 0 });
    expect(r.fpr).toEqual({ x: 0, n: 0, value: null, lower: null, upper: null });
    expect(r.tnr.value).toBeNull();
    expect(r.tpr.value).toBe(0.8);
    expect(compareErrorRates(r, r).fpr).toEqual({ ratio: null, difference: null });
  });

  it('rateTable2x2 lays out [x_g, n_g - x_g, x_r, n_r - x_r] for each rate', () => {
    const a = { tp: 1, fp: 2, fn: 1, tn: 0 };
    const b = { tp: 3, fp: 0, fn: 2, tn: 1 };
    expect(rateTable2x2(a, b, 'tpr')).toEqual([1, 1, 3, 2]);
    expect(rateTable2x2(a, b, 'fnr')).toEqual([1, 1, 2, 3]);
    expect(rateTable2x2(a, b, 'fpr')).toEqual([2, 0, 0, 1]);
    expect(rateTable2x2(a, b, 'precision')).toEqual([1, 2, 3, 0]);
    expect(rateTable2x2(a, b, 'selectionRate')).toEqual([3, 1, 3, 3]);
  });

  it('refuses negative or fractional counts and a bad confidence', () => {
    expect(() => errorRates({ tp: -1, fp: 0, fn: 0, tn: 0 })).toThrow(/tp to be a non-negative integer count, got tp = -1/);
    expect(() => errorRates({ tp: 1, fp: 0.5, fn: 0, tn: 0 })).toThrow(RangeError);
    expect(() => errorRates({ tp: 1, fp: 0, fn: 0, tn: 0 }, 2)).toThrow(/confidence/);
  });
});
