import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import type { Comparison } from '../../../src/audit/metrics/group-frame.js';
import { comparisonStatus, comparisonVerdict } from '../../../src/audit/rules/four-fifths.js';

/**
 * The Q3 verdict (requirements.md) branch by branch, with the policy's defaults (alpha 0.05,
 * minimum group size, four-fifths 0.8, expected cell 5), and comparisonStatus (what the stability
 * bootstrap asks for thousands of times) giving the same status as the verdict with its sentence.
 */
const policy = parsePolicy({ protected: ['gender'] });
const big = policy.minGroupSize + 10;
const base: Comparison = { impactRatio: 0.9, holmP: 0.5, n: big, referenceN: big, minExpected: 20 };

describe('comparisonVerdict and comparisonStatus', () => {
  it.each([
    ['no ratio', { impactRatio: null }, 'insufficient_evidence', 'no impact ratio'],
    ['low ratio and significant', { impactRatio: 0.5, holmP: 0.001 }, 'fail', 'fail: impact ratio 0.500 < 0.8'],
    ['a small group', { impactRatio: 0.5, holmP: 0.2, n: policy.minGroupSize - 1 }, 'insufficient_evidence', `insufficient evidence: n = ${policy.minGroupSize - 1}`],
    ['low ratio, too few expected to test', { impactRatio: 0.5, holmP: 0.2, minExpected: 2 }, 'insufficient_evidence', 'insufficient evidence: impact ratio 0.500 < 0.8 (UGESP 1607.4(D)) but'],
    ['low ratio only', { impactRatio: 0.5, holmP: 0.2 }, 'warn', 'warn: impact ratio 0.500 < 0.8'],
    ['significant only', { impactRatio: 0.85, holmP: 0.01 }, 'warn', 'warn: impact ratio 0.850 >= 0.8'],
    ['significant in the focal group\'s favour', { impactRatio: 1.3, holmP: 0.001 }, 'pass', 'pass: impact ratio 1.300 >= 0.8'],
    ['neither', {}, 'pass', 'pass: impact ratio 0.900 >= 0.8'],
  ] as const)('%s', (_, change, status, rule) => {
    const c = { ...base, ...change };
    const verdict = comparisonVerdict(c, policy);
    expect(verdict.status).toBe(status);
    expect(verdict.rule.startsWith(rule)).toBe(true);
    expect(comparisonStatus(c, policy)).toBe(status);
  });

  it('the status alone agrees with the verdict over a grid of comparisons', () => {
    for (const impactRatio of [null, 0, 0.5, 0.8, 0.7999999999999999, 0.81, 1, 1.5])
      for (const holmP of [null, 0, 0.01, 0.05, 0.5])
        for (const n of [1, policy.minGroupSize, big])
          for (const minExpected of [0, 4.99, 5, 50]) {
            const c = { impactRatio, holmP, n, referenceN: big, minExpected };
            expect(comparisonStatus(c, policy)).toBe(comparisonVerdict(c, policy).status);
          }
  });
});
