import { describe, expect, it } from 'vitest';
import { aucFromHistograms, aucFromScores, crossValidatedAuc, hanleyMcNeilSE } from '../../../src/audit/stats/auc.js';
import { createRng } from '../../../src/audit/stats/rng.js';

// Hanley & McNeil (1982) Radiology 143:29-36, Table I: ratings 1 (definitely normal) .. 5
// (definitely abnormal) of 109 CT images; the same counts are Stata's hanley.dta.
const HM_ABNORMAL = [3, 2, 2, 11, 33];
const HM_NORMAL = [33, 6, 6, 11, 2];
const expand = (counts: number[]) => counts.flatMap((c, i) => Array<number>(c).fill(i + 1));

describe('aucFromHistograms', () => {
  it('Hanley & McNeil (1982): W = 0.893, SE(W) = 0.032 on the CT rating data', () => {
    const res = aucFromHistograms(HM_ABNORMAL, HM_NORMAL);
    expect(res.nPositive).toBe(51);
    expect(res.nNegative).toBe(58);
    expect(res.auc).toBeCloseTo(0.893, 3);
    expect(res.se).toBeCloseTo(0.032, 3);
    // scipy 1.17.1: mannwhitneyu(abnormal, normal).statistic = 2642.0; 2642 / (51 * 58)
    expect(res.auc).toBeCloseTo(2642 / 2958, 14);
  });

  it('Wald interval auc -+ 1.959964 SE (computed in python from the H&M formula)', () => {
    // python: A = 2642/2958; Q1 = A/(2-A); Q2 = 2A^2/(1+A); SE = 0.03248657960734214;
    // A -+ scipy.stats.norm.ppf(.975) * SE = (0.8294985355167755, 0.9568435875393434)
    const res = aucFromHistograms(HM_ABNORMAL, HM_NORMAL);
    expect(res.se).toBeCloseTo(0.03248657960734214, 12);
    expect(res.lower).toBeCloseTo(0.8294985355167755, 10);
    expect(res.upper).toBeCloseTo(0.9568435875393434, 10);
  });

  it('one bin per distinct score reproduces the exact Mann-Whitney AUC; coarser bins tie within bins', () => {
    const pos = [3, 5, 5, 6, 7, 7, 8, 9, 9, 10, 4, 6];
    const neg = [1, 2, 3, 3, 4, 5, 5, 6, 7, 2, 4, 8, 3, 1];
    // Bins 1..10; scipy 1.17.1 mannwhitneyu(pos, neg).statistic = 137.0 -> 137 / 168
    const fine = aucFromHistograms([0, 0, 1, 1, 2, 2, 2, 1, 2, 1], [2, 2, 3, 2, 2, 1, 1, 1, 0, 0]);
    expect(fine.auc).toBeCloseTo(137 / 168, 14);
    expect(aucFromScores(pos, neg).auc).toBeCloseTo(137 / 168, 14);
    // Bins of width 2 ({1,2}, {3,4}, ...): scipy mannwhitneyu on floor((v-1)/2) = 136.0 -> 136 / 168
    const coarse = aucFromHistograms([0, 2, 4, 3, 3], [4, 5, 3, 2, 0]);
    expect(coarse.auc).toBeCloseTo(136 / 168, 14);
  });

  it('clips the interval to [0, 1] and gives 1 for perfect separation', () => {
    const res = aucFromHistograms([0, 0, 5], [5, 0, 0]);
    expect(res.auc).toBe(1);
    expect(res.upper).toBe(1);
    expect(res.lower).toBeLessThanOrEqual(1);
  });

  it('refuses unequal bins, negative counts and an empty class', () => {
    expect(() => aucFromHistograms([1, 2], [1, 2, 3])).toThrow(/equal length/);
    expect(() => aucFromHistograms([1, -2], [1, 2])).toThrow(/positive\[1\]/);
    expect(() => aucFromHistograms([0, 0], [1, 2])).toThrow(/positive total/);
  });
});

describe('aucFromScores', () => {
  it('small hand-computed case with a tie', () => {
    // pairs (pos, neg): 0.9 beats both, 0.8 beats both, 0.4 beats 0.1 and ties 0.4 -> (2+2+1.5)/6
    expect(aucFromScores([0.9, 0.8, 0.4], [0.1, 0.4]).auc).toBeCloseTo(5.5 / 6, 15);
  });

  it('equals the histogram route on the Hanley & McNeil data', () => {
    expect(aucFromScores(expand(HM_ABNORMAL), expand(HM_NORMAL)).auc).toBeCloseTo(2642 / 2958, 14);
  });

  it('refuses empty arrays and non-finite scores', () => {
    expect(() => aucFromScores([], [1])).toThrow(/non-empty positive/);
    expect(() => aucFromScores([1, Number.NaN], [1])).toThrow(/finite positive/);
  });
});

describe('hanleyMcNeilSE', () => {
  it('AUC 0.5 with 1 + 1 cases: SE^2 = 0.25 (only the A(1 - A) term remains)', () => {
    expect(hanleyMcNeilSE(0.5, 1, 1)).toBeCloseTo(0.5, 15);
  });
  it('refuses auc outside [0, 1]', () => {
    expect(() => hanleyMcNeilSE(1.2, 10, 10)).toThrow(/0 <= auc <= 1/);
  });
});

describe('crossValidatedAuc', () => {
  it('is the mean of the folds; V identical folds give SE = sqrt(2 / V) SE_fold (closed form)', () => {
    const fold = aucFromHistograms(HM_ABNORMAL, HM_NORMAL);
    const two = crossValidatedAuc([fold, fold]);
    expect(two.auc).toBeCloseTo(2642 / 2958, 14);
    expect(two.se).toBeCloseTo(fold.se, 15); // sqrt(2 * 2 se^2) / 2
    expect(two.nPositive).toBe(102);
    const five = crossValidatedAuc([fold, fold, fold, fold, fold]);
    expect(five.se).toBeCloseTo(fold.se * Math.sqrt(2 / 5), 15);
    expect(five.lower).toBeCloseTo(five.auc - 1.959963984540054 * five.se, 12);
    const mixed = crossValidatedAuc([aucFromScores([0.9, 0.8], [0.1]), aucFromScores([0.2], [0.3, 0.1])]);
    expect(mixed.auc).toBeCloseTo((1 + 0.5) / 2, 15);
  });

  it('holds its size on null data: a mean-difference scorer cross-validated over 5 folds', () => {
    // The closed form behind the doubled variance (see crossValidatedAuc): with no signal the fold
    // mean's variance is twice the fixed-model one, so the SD of the AUC over null datasets must
    // match the reported SE and the 95% lower bound exceed 0.5 in about 2.5% of them.
    const rng = createRng(20261122);
    const R = 2000;
    const [n, p, V] = [200, 3, 5];
    const aucs: number[] = [];
    let se = 0;
    let above = 0;
    for (let r = 0; r < R; r++) {
      const x = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.normal(0, 1)));
      const y = Array.from({ length: n }, (_, i) => i % 2 === 0);
      const fold = (i: number) => Math.floor(i / 2) % V;
      const folds = Array.from({ length: V }, (_, v) => {
        const mean = (label: boolean) => Array.from({ length: p }, (_, j) => {
          const rows = x.filter((_, i) => fold(i) !== v && y[i] === label);
          return rows.reduce((a, row) => a + row[j]!, 0) / rows.length;
        });
        const [m1, m0] = [mean(true), mean(false)];
        const score = (row: number[]) => row.reduce((a, value, j) => a + value * (m1[j]! - m0[j]!), 0);
        const test = x.flatMap((row, i) => (fold(i) === v ? [{ s: score(row), y: y[i]! }] : []));
        return aucFromScores(test.filter((t) => t.y).map((t) => t.s), test.filter((t) => !t.y).map((t) => t.s));
      });
      const cv = crossValidatedAuc(folds);
      aucs.push(cv.auc);
      se += cv.se / R;
      if (cv.lower > 0.5) above++;
    }
    const mean = aucs.reduce((a, b) => a + b, 0) / R;
    const sd = Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1));
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.004); // 3 SE of the mean over 2000 datasets
    expect(sd / se).toBeGreaterThan(0.9);
    expect(sd / se).toBeLessThan(1.1); // fixed-model SE alone would give sd / se = 1.41
    expect(above / R).toBeLessThanOrEqual(0.025 + 2.33 * Math.sqrt((0.025 * 0.975) / R));
  });

  it('refuses an empty list of folds', () => {
    expect(() => crossValidatedAuc([])).toThrow(/at least one fold/);
  });
});
