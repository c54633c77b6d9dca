import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import type { AutomationSection } from '../../../../src/audit/contract/sections/automation.js';
import { finalizeAutomation } from '../../../../src/audit/metrics/automation/finalize.js';
import type { AutomationAggregates, AutomationCell, DecisionSecond, DwellCell } from '../../../../src/audit/metrics/automation/scan.js';
import { judgeAutomationSection } from '../../../../src/audit/rules/automation.js';
import { createRng, type Rng } from '../../../../src/audit/stats/rng.js';
import { syntheticProfile } from '../../../support/profile.js';

/**
 * Calibration of every automation flag (issue 4 acceptance) on the pure finalize and the family's
 * rules, no engine:
 * seeded synthetic aggregates of one stage and one protected attribute with three groups
 * (shares 50/30/20%). For each flag, R = 200 null datasets and R = 200 datasets with the injected
 * effect at its documented size; the share of datasets where the flag fires is printed for both.
 *
 * Nominal rates: the group comparisons (Fisher / CMH, Holm over the audit) have family-wise level
 * alpha = 0.05; the rubber-stamp rating fires at most alpha when no signal truly holds (each rate
 * signal is an exact one-sided binomial test at alpha/2, the agreement signal's two tests at alpha/4
 * each), and is checked at the least favourable null: every rate exactly at its Q9 threshold
 * (override 2%, adherence 98%, half the reviews under 30 s). The ARR > 0 rule and the batch index
 * are counts, not tests: their nominal rate under the null is 0.
 * Margin: nominal + 3 standard errors of a rate estimated from R datasets (one-sided).
 */
const R = 200;
const ALPHA = 0.05;
const GROUPS = [
  ['g1', 0.5],
  ['g2', 0.3],
  ['g3', 0.2],
] as const;
const policy = parsePolicy({ protected: ['g'], alpha: ALPHA, seed: 7 });
const ctx = { policy, dataset: syntheticProfile(['g']) };
const margin = (nominal: number) => nominal + 3 * Math.sqrt((Math.max(nominal, 0.01) * (1 - nominal)) / R);

/** How decisions of one group at one stage arise; every probability is per decision. */
interface Behaviour {
  review: number;
  /** Reviewer reverses a tool rejection / a tool advance. */
  up: number;
  down: number;
  /** A review is shorter than the minimum meaningful time. */
  short: number;
}
type Scenario = (stage: string, group: string) => Behaviour;

/**
 * Binomial(n, p) as a count of uniforms below p: exact, unlike Rng.binomial, whose stdlib sampler
 * (@stdlib/random-base-binomial 0.2.2) drifts upwards by about 0.45 for n p >= 10 (mean 75.42 for
 * Bin(150, 1/2) over 100,000 draws): enough to inflate the boundary-null rates measured here.
 */
function binomial(rng: Rng, n: number, p: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (rng.uniform() < p) x++;
  return x;
}

/** One dataset: per stage and group, candidates -> reviewed? -> tool outcome -> override -> final; sizes fixed. */
function simulate(rng: Rng, perStage: number, scenario: Scenario, groups: readonly (readonly [string, number])[] = GROUPS, stages: readonly string[] = ['s1']): AutomationAggregates {
  const cells: AutomationCell[] = [];
  const dwell: DwellCell[] = [];
  for (const stage of stages) {
    for (const [group, share] of groups) {
      const b = scenario(stage, group);
      const n = Math.round(perStage * share);
      const reviewed = binomial(rng, n, b.review);
      const unreviewed = n - reviewed;
      const unreviewedSelected = binomial(rng, unreviewed, 0.4);
      const toolSelected = binomial(rng, reviewed, 0.4);
      const toolRejected = reviewed - toolSelected;
      const up = binomial(rng, toolRejected, b.up);
      const down = binomial(rng, toolSelected, b.down);
      const reviewedRejected = toolRejected - up + down;
      const shortRejected = binomial(rng, reviewedRejected, b.short);
      const short = shortRejected + binomial(rng, reviewed - reviewedRejected, b.short);
      cells.push({
        tool: null, stage, values: [group], n,
        rejected: unreviewed - unreviewedSelected + reviewedRejected,
        rejectedUnreviewed: unreviewed - unreviewedSelected,
        rejectedReviewUnknown: 0,
        reviewed, reviewedRejected, timed: reviewed, short, timedRejected: reviewedRejected, shortRejected,
        overrideKnown: reviewed, up, down, toolRejectedReviewed: toolRejected, toolSelectedReviewed: toolSelected,
        toolKnown: n, toolSelected: unreviewedSelected + toolSelected, finalSelected: unreviewedSelected + toolSelected - down + up,
      });
      dwell.push({ tool: null, stage, attribute: 0, value: group, bin: 10, n: short }, { tool: null, stage, attribute: 0, value: group, bin: 120, n: reviewed - short });
    }
  }
  return { cells, dwell, reviewers: [], times: null, columns: { seconds: true, override: true, reviewer: false, decidedAt: false } };
}

/** Share of R seeded datasets on which `fires` holds (one share per predicate when given several). */
function rates(firstSeed: number, make: (rng: Rng) => AutomationAggregates, ...fires: ((s: AutomationSection) => boolean)[]): number[] {
  const hits = fires.map(() => 0);
  for (let r = 0; r < R; r++) {
    const section = judgeAutomationSection(finalizeAutomation(make(createRng(firstSeed + r)), ctx), policy);
    fires.forEach((f, i) => (hits[i]! += f(section) ? 1 : 0));
  }
  return hits.map((h) => h / R);
}
const rate = (firstSeed: number, make: (rng: Rng) => AutomationAggregates, fires: (s: AutomationSection) => boolean) => rates(firstSeed, make, fires)[0]!;

function report(flag: string, nullRate: number, nominal: number, effectRate: number, effect: string): void {
  console.log(`${flag}: fires in ${(100 * nullRate).toFixed(1)}% of ${R} null datasets (nominal ${(100 * nominal).toFixed(1)}%, allowed ${(100 * margin(nominal)).toFixed(1)}%); in ${(100 * effectRate).toFixed(1)}% of ${R} with ${effect}`);
  expect(nullRate).toBeLessThanOrEqual(margin(nominal));
  expect(effectRate).toBeGreaterThanOrEqual(0.9);
}

/**
 * Everything reviewed, no override, no short review: the comparisons a scenario is not about have
 * no variation and are skipped, which keeps 2,600 finalize runs within a few seconds.
 */
const base: Behaviour = { review: 1, up: 0, down: 0, short: 0 };
const meaningful: Behaviour = { review: 1, up: 0.08, down: 0.08, short: 0.1 };
/** The rubber-stamp rating is per stage: one group is enough (no group comparison runs). */
const ONE_GROUP = [['g1', 1]] as const;

describe(`automation flags over ${R} seeded datasets each`, () => {
  it('automation.unreviewed_rejections (ARR > 0 => fail)', () => {
    const fires = (s: AutomationSection) => s.stages.some((x) => x.verdict === 'fail');
    const nullRate = rate(1000, (rng) => simulate(rng, 800, () => base), fires);
    // effect: 1% of the decisions at s1 take effect unreviewed (about 5 of 480 rejections)
    const effectRate = rate(2000, (rng) => simulate(rng, 800, () => ({ ...base, review: 0.99 })), fires);
    report('unreviewed_rejections', nullRate, 0, effectRate, 'ARR 1% at one stage of 800 decisions');
  });

  it('automation.unequal_automation (ARR of a group above the rest, Fisher + Holm)', () => {
    const fires = (s: AutomationSection) => s.groups.some((g) => g.arr_verdict === 'warn');
    const nullRate = rate(3000, (rng) => simulate(rng, 1500, () => ({ ...base, review: 0.3 })), fires);
    const effectRate = rate(4000, (rng) => simulate(rng, 1500, (_, g) => ({ ...base, review: g === 'g3' ? 0.12 : 0.3 })), fires);
    report('unequal_automation', nullRate, ALPHA, effectRate, 'ARR 0.88 for g3 vs 0.70 at one stage of 1500 (Cohen h 0.45)');
  });

  it('automation.rubber_stamp (risk medium or high => warn), at the least favourable null', () => {
    const fires = (s: AutomationSection) => s.stages.some((x) => x.rubber_stamp_risk === 'medium' || x.rubber_stamp_risk === 'high');
    const boundary: Behaviour = { review: 1, up: 0.02, down: 0.02, short: 0.5 };
    const signal = (name: 'agreement_signal' | 'dwell_signal') => (s: AutomationSection) => s.stages[0]![name] === 'present';
    const [nullRate, agreement, dwell] = rates(5000, (rng) => simulate(rng, 300, () => boundary, ONE_GROUP), fires, signal('agreement_signal'), signal('dwell_signal')) as [number, number, number];
    console.log(`  at the boundary: agreement signal ${(100 * agreement).toFixed(1)}%, dwell signal ${(100 * dwell).toFixed(1)}% (nominal 2.5% each)`);
    expect(agreement).toBeLessThanOrEqual(margin(ALPHA / 2));
    expect(dwell).toBeLessThanOrEqual(margin(ALPHA / 2));
    const clean = rate(5500, (rng) => simulate(rng, 300, () => meaningful, ONE_GROUP), fires);
    console.log(`  meaningful reviews (8% overrides, 10% short): ${(100 * clean).toFixed(1)}%`);
    expect(clean).toBe(0);
    const effect = { review: 1, up: 0.005, down: 0.005, short: 0.65 };
    const effectRate = rate(6000, (rng) => simulate(rng, 1000, () => effect, ONE_GROUP), (s) => s.stages[0]!.rubber_stamp_risk === 'high');
    report('rubber_stamp', nullRate, ALPHA, effectRate, 'override rate 0.5% and 65% of reviews under 30 s over 1000 reviews (rated high)');
  });

  it('automation.unequal_review (rushed reviews of rejections by group, Fisher + Holm)', () => {
    const fires = (s: AutomationSection) => s.groups.some((g) => g.short_verdict === 'warn');
    const nullRate = rate(7000, (rng) => simulate(rng, 1500, () => ({ ...base, short: 0.3 })), fires);
    const effectRate = rate(8000, (rng) => simulate(rng, 1500, (_, g) => ({ ...base, short: g === 'g3' ? 0.48 : 0.3 })), fires);
    report('unequal_review', nullRate, ALPHA, effectRate, 'short reviews of rejections 48% for g3 vs 30% at one stage of 1500 (Cohen h 0.37)');
  });

  it('automation.human_disparity (reviewers favour the rest at equal tool outcome, CMH + Holm)', () => {
    const fires = (s: AutomationSection) => s.groups.some((g) => g.human_verdict === 'warn');
    const nullRate = rate(9000, (rng) => simulate(rng, 1500, () => ({ ...base, up: 0.1, down: 0.05 })), fires);
    const effectRate = rate(10_000, (rng) => simulate(rng, 1500, (_, g) => ({ ...base, ...(g === 'g3' ? { up: 0.02, down: 0.12 } : { up: 0.1, down: 0.05 }) })), fires);
    report('human_disparity', nullRate, ALPHA, effectRate, 'g3 rescued from a tool rejection 2% vs 10% and demoted 12% vs 5% at one stage of 1500');
  });

  it('batch signal (batch index > 50%): reconstructed from per-second decision times', () => {
    /** Six reviewers, 100 decisions each: honest ones with exponential gaps (mean 60 s), batchers in runs of 20, 2-4 s apart. */
    const times = (rng: Rng, batchers: number): AutomationAggregates => {
      const seconds: DecisionSecond[] = [];
      for (let r = 0; r < 6; r++) {
        let t = 1_000_000 + r * 100_000;
        for (let i = 0; i < 100; i++) {
          t += r < batchers ? (i % 20 === 0 ? 3600 : 2 + rng.int(3)) : 1 + Math.round(-60 * Math.log(1 - rng.uniform()));
          seconds.push({ tool: null, stage: 's1', reviewer: `r${r}`, second: t, n: 1 });
        }
      }
      const agg = simulate(rng, 600, () => base, ONE_GROUP);
      return { ...agg, times: { seconds, daysTotal: 1, daysUsed: 1, decisionsTotal: 600, decisionsUsed: 600 }, columns: { ...agg.columns, reviewer: true, decidedAt: true } };
    };
    const fires = (s: AutomationSection) => s.stages.some((x) => x.batch_signal === 'present');
    const nullRate = rate(11_000, (rng) => times(rng, 0), fires);
    const effectRate = rate(12_000, (rng) => times(rng, 4), fires);
    report('batch', nullRate, 0, effectRate, '4 of 6 reviewers approving in runs of 20 decisions 2-4 s apart (expected index 4/6 x 19/20 = 0.63)');
  });
});
