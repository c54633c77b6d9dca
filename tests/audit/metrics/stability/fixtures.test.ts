/**
 * End to end on the reliability and stability fixtures (fixtures/README.md, effects.json
 * `stabilityEffects`): runAudit finds every injected effect of stability-pilot.csv with the
 * expected size, and raises nothing (no warn, no fail, no insufficient evidence) on
 * stability-null.csv. The effects are first recounted from the CSV in plain TypeScript, so the
 * fixture is what effects.json says.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, Finding } from '../../../../src/audit/contract/audit-result.js';
import { loadPolicy, type Policy, withOverrides } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { feldtInterval } from '../../../../src/audit/stats/cronbach.js';
import { fixture, readSimpleCsv } from '../../../support/fixtures.js';

interface StabilityEffects {
  drift: { stage: string; fromPeriod: string; jeffreysDivergence: number; group: string; impactRatioAfter: number } | null;
  verdictStability: { stage: string; group: string; impactRatio: number; expectedFourFifthsHeld: number } | null;
  retest: { stage: string; pairs: number; expectedIccConsistency: number; expectedIccAgreement: number };
  internalConsistency: { stage: string; n: number; expectedAlpha: number };
  determinism: { stage: string; identicalInputPairs: number; differentRescores: number; expectedShare: number };
  perturbation: { stage: string; flips: { variant: string; group: string; pairs: number; flips: number; expectedFlipRate: number }[] };
}

async function effectsOf(file: string): Promise<StabilityEffects> {
  const { readFile } = await import('node:fs/promises');
  const all = JSON.parse(await readFile(fixture('effects.json'), 'utf8')) as { datasets: { file: string; stabilityEffects?: StabilityEffects }[] };
  return all.datasets.find((d) => d.file === file)!.stabilityEffects!;
}

const OWN = /^(reliability|stability|verdict_stability)\./;
const own = (r: AuditResult) => r.findings.filter((f) => OWN.test(f.code));
const inside = (ci: [number, number] | null, x: number) => ci !== null && ci[0] <= x && x <= ci[1];
/** Feldt's 99.9% interval around an observed alpha (a by-chance miss 1 time in 1000, not 1 in 20). */
const alphaInterval999 = (alpha: number, n: number, k: number): [number, number] => {
  const f = feldtInterval(alpha, n, k, 0.999);
  return [f.lower, f.upper];
};

let policy: Policy;
let pilot: AuditResult;
let nul: AuditResult;
let pilotEffects: StabilityEffects;
let nullEffects: StabilityEffects;

beforeAll(async () => {
  policy = await loadPolicy(fixture('stability-policy.yaml'));
  [pilot, nul, pilotEffects, nullEffects] = await Promise.all([
    runAudit({ source: { kind: 'file', path: fixture('stability-pilot.csv') }, policy }),
    runAudit({ source: { kind: 'file', path: fixture('stability-null.csv') }, policy }),
    effectsOf('stability-pilot.csv'),
    effectsOf('stability-null.csv'),
  ]);
}, 120_000);

describe('the fixture holds what effects.json says (recounted from the CSV)', () => {
  it.each(['stability-pilot.csv', 'stability-null.csv'])('%s: flips, identical re-scores and cv_screen rates', async (file) => {
    const e = await effectsOf(file);
    const rows = readSimpleCsv(fixture(file));
    const originals = new Map(rows.filter((r) => r.stage === 'video_interview' && r.attempt === '1').map((r) => [r.candidate_id, r]));
    for (const f of e.perturbation.flips) {
      const variants = rows.filter((r) => r.variant === f.variant && r.gender === f.group);
      const flips = variants.filter((r) => originals.get(r.variant_of!)!.selected !== r.selected).length;
      expect([variants.length, flips]).toEqual([f.pairs, f.flips]);
    }
    const retests = rows.filter((r) => r.stage === 'video_interview' && r.attempt === '2');
    expect(retests.every((r) => r.trait_1 === originals.get(r.candidate_id!)!.trait_1 && r.trait_2 === originals.get(r.candidate_id!)!.trait_2)).toBe(true);
    expect(retests.filter((r) => r.score !== originals.get(r.candidate_id!)!.score).length).toBe(e.determinism.differentRescores);
    const cv = (gender: string, from: string, to: string) => {
      const keep = rows.filter((r) => r.stage === 'cv_screen' && r.gender === gender && r.decided_at! >= from && r.decided_at! < to);
      const n = keep.reduce((a, r) => a + Number(r.count), 0);
      return keep.filter((r) => r.selected === '1').reduce((a, r) => a + Number(r.count), 0) / n;
    };
    expect(cv('male', '2026-07', '2027')).toBe(0.4);
    expect(cv('female', '2026-01', '2026-07')).toBe(0.4);
    expect(cv('female', '2026-07', '2027')).toBe(e.drift ? 0.4 * e.drift.impactRatioAfter : 0.4);
  });
});

describe('stability-pilot.csv: every injected effect is found with its size', () => {
  it('test-retest: ICC(3,1) and ICC(2,1) intervals hold the population values; insufficient band => fail', () => {
    const e = pilotEffects.retest;
    const row = pilot.reliability!.test_retest.find((r) => r.stage === e.stage)!;
    expect(row.n_pairs).toBe(e.pairs);
    expect(e.expectedIccConsistency).toBe(0.6);
    expect(inside(row.icc_consistency_ci, e.expectedIccConsistency)).toBe(true);
    expect(inside(row.icc_agreement_ci, e.expectedIccAgreement)).toBe(true);
    expect(row.icc_agreement!).toBeLessThan(row.icc_consistency!); // the practice shift counts against agreement only
    expect(row.icc_agreement_ci![1]).toBeLessThan(0.8);
    expect([row.rating, row.verdict]).toEqual(['insufficient', 'fail']);
  });

  it("Cronbach's alpha: the Feldt 95% interval holds the population alpha 0.6 and stays under 0.8; fail", () => {
    const e = pilotEffects.internalConsistency;
    const row = pilot.reliability!.internal_consistency.find((r) => r.stage === e.stage)!;
    expect(row.n).toBe(e.n);
    expect(inside(row.alpha_ci, e.expectedAlpha)).toBe(true);
    expect(row.alpha_ci![1]).toBeLessThan(0.8);
    expect(row.verdict).toBe('fail');
  });

  it('determinism: exactly 285 of 300 identical inputs re-scored identically (share 0.95); warn', () => {
    const e = pilotEffects.determinism;
    const d = pilot.reliability!.test_retest.find((r) => r.stage === e.stage)!.determinism!;
    expect(d).toMatchObject({ identical_input_pairs: e.identicalInputPairs, identical_rescores: e.identicalInputPairs - e.differentRescores, share: e.expectedShare, verdict: 'warn' });
  });

  it('drift in cv_screen from 2026-07: PSI between the binned and unbinned divergence, women cross the four-fifths line', () => {
    const e = pilotEffects.drift!;
    const stage = pilot.stability!.drift!.stages.find((s) => s.stage === e.stage)!;
    const before = stage.periods.filter((p) => p.period < e.fromPeriod && p.period !== stage.baseline_period);
    const after = stage.periods.filter((p) => p.period >= e.fromPeriod);
    expect(before.every((p) => p.psi === 0 && p.psi_drift === false)).toBe(true); // identical expected counts
    // Binning can only lose divergence (data-processing inequality, Kullback 1959): PSI <= 0.8^2 = 0.64;
    // ten baseline-decile bins keep most of it
    for (const p of after) {
      expect(p.psi!).toBeGreaterThan(0.5);
      expect(p.psi!).toBeLessThanOrEqual(e.jeffreysDivergence);
      expect(p.psi_drift).toBe(true);
    }
    const women = stage.groups.find((g) => g.group === e.group)!;
    expect([women.baseline_period, women.baseline_impact_ratio, women.crossed_in]).toEqual(['2026-01', 1, e.fromPeriod]);
    expect(women.periods.find((p) => p.period === e.fromPeriod)!.impact_ratio).toBeCloseTo(e.impactRatioAfter, 12);
    expect(stage.verdict).toBe('warn');
    const finding = pilot.findings.find((f) => f.code === 'stability.drift' && f.subject.stage === e.stage)!;
    expect(finding.evidence).toMatchObject({ first_psi_drift: e.fromPeriod, crossed_groups: 1 });
    // the other stages carry no drift
    expect(pilot.stability!.drift!.stages.filter((s) => s.stage !== e.stage).map((s) => s.verdict)).toEqual(['pass', 'pass']);
  });

  it('verdict stability: the cv_screen four-fifths result on the line holds in about the expected share; fragile', () => {
    const e = pilotEffects.verdictStability!;
    const row = pilot.stability!.verdict_stability!.rows.find((r) => r.kind === 'selection' && r.stage === e.stage && r.groups['gender'] === e.group)!;
    expect(row.impact_ratio).toBeCloseTo(e.impactRatio, 9);
    expect(row.four_fifths).toBe('pass');
    // 1000 resamples: binomial SE of the share ~0.015; 3 SE
    expect(Math.abs(row.four_fifths_held - e.expectedFourFifthsHeld)).toBeLessThan(0.045);
    expect(row.fragile).toBe(true);
    const finding = pilot.findings.find((f) => f.code === 'verdict_stability.four_fifths' && f.subject.stage === e.stage)!;
    expect([finding.status, finding.evidence['fragile']]).toEqual(['warn', 1]);
    // no other comparison of the pilot is fragile
    expect(pilot.stability!.verdict_stability!.rows.filter((r) => r.fragile)).toHaveLength(1);
  });

  it('perturbation: glasses flips 5% of women and no men (Fisher p from scipy), background nothing', () => {
    const rows = pilot.stability!.perturbation!;
    const glasses = rows.find((r) => r.variant === 'glasses')!;
    const women = glasses.groups.find((g) => g.group === 'female')!;
    const men = glasses.groups.find((g) => g.group === 'male')!;
    const expected = pilotEffects.perturbation.flips.find((f) => f.variant === 'glasses' && f.group === 'female')!;
    expect([women.decided, women.flips, women.flip_rate]).toEqual([expected.pairs, expected.flips, expected.expectedFlipRate]);
    expect([men.flips, men.is_reference]).toEqual([0, true]);
    // scipy.stats.fisher_exact([[40, 760], [0, 800]]) p = 1.103390761818987e-12; Holm over the two perturbation tests x 2
    expect(women.fisher_p).toBeCloseTo(1.103390761818987e-12, 20);
    expect(women.holm_p).toBeCloseTo(2 * 1.103390761818987e-12, 20);
    expect([glasses.flips, glasses.decided, glasses.verdict]).toEqual([40, 1600, 'fail']);
    const background = rows.find((r) => r.variant === 'background')!;
    expect([background.flips, background.verdict]).toEqual([0, 'pass']);
    expect(background.mean_abs_change!).toBeLessThanOrEqual(0.4);
  });

  it("perturbation: Kendall's tau of original vs variant scores, overall and by group (scipy 1.17.1 kendalltau on the CSV's pairs)", () => {
    // Every pair is in the rank sample (1,600 < 20,000), so tau is exact: scipy.stats.kendalltau on
    // the (original score, variant score) pairs of stability-pilot.csv gave these values.
    const rows = pilot.stability!.perturbation!;
    const expected = {
      glasses: { all: 0.960204110581743, female: 0.9311449208078098, male: 0.9897625099857359 },
      background: { all: 0.9893703301850142, female: 0.9894882702687682, male: 0.9897110737628 },
    };
    for (const [variant, tau] of Object.entries(expected)) {
      const row = rows.find((r) => r.variant === variant)!;
      expect(row.rank_pairs).toBe(1600);
      expect(row.kendall_tau).toBeCloseTo(tau.all, 9); // the result keeps 10 significant digits
      expect(row.kendall_tau_ci![0]).toBeLessThan(tau.all);
      expect(row.kendall_tau_ci![1]).toBeGreaterThan(tau.all);
      for (const group of ['female', 'male'] as const) {
        const g = row.groups.find((x) => x.attribute === 'gender' && x.group === group)!;
        expect(g.rank_pairs).toBe(800);
        expect(g.kendall_tau).toBeCloseTo(tau[group], 9);
      }
    }
  });

  it('equal-count windows find the drift in the window that starts in July', async () => {
    const windowed = await runAudit({ source: { kind: 'file', path: fixture('stability-pilot.csv') }, policy: withOverrides(policy, { stability: { period: 'windows', windows: 4, bootstrapReplicates: 100 } }) });
    const drift = windowed.stability!.drift!;
    expect([drift.unit, drift.windows]).toEqual(['windows', 4]);
    const cv = drift.stages.find((s) => s.stage === 'cv_screen')!;
    // twelve equal months (all on the 15th): three months per window
    expect(cv.periods.map((p) => p.period)).toEqual(['2026-01-15..2026-03-15', '2026-04-15..2026-06-15', '2026-07-15..2026-09-15', '2026-10-15..2026-12-15']);
    expect(cv.periods.map((p) => p.n)).toEqual([12_000, 12_000, 12_000, 12_000]);
    expect(cv.periods.map((p) => p.psi_drift)).toEqual([null, false, true, true]);
    expect(cv.groups.find((g) => g.group === 'female')!.crossed_in).toBe('2026-07-15..2026-09-15');
    const video = drift.stages.find((s) => s.stage === 'video_interview')!;
    const sizes = video.periods.map((p) => p.n);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(40); // 1600 candidates on ~300 days, no day split
  }, 60_000);
});

describe('stability-null.csv: nothing is raised', () => {
  it('every reliability, stability and verdict-stability finding passes', () => {
    const notPass = own(nul).filter((f: Finding) => f.status !== 'pass');
    expect(notPass.map((f) => `${f.code} ${f.subject.stage}: ${f.status}`)).toEqual([]);
    expect(own(nul).length).toBeGreaterThanOrEqual(12);
  });

  it('and the measured values sit where the null design puts them', () => {
    const game = nul.reliability!.test_retest.find((r) => r.stage === nullEffects.retest.stage)!;
    expect(inside(game.icc_agreement_ci, nullEffects.retest.expectedIccAgreement)).toBe(true);
    expect(game.rating).toBe('good');
    const items = nul.reliability!.internal_consistency[0]!;
    expect(inside(alphaInterval999(items.alpha!, items.n, items.items.length), nullEffects.internalConsistency.expectedAlpha)).toBe(true);
    expect(items.alpha_ci![0]).toBeGreaterThan(0.9);
    expect(nul.reliability!.test_retest.find((r) => r.stage === nullEffects.determinism.stage)!.determinism!.share).toBe(1);
    expect(nul.stability!.perturbation!.every((r) => r.flips === 0)).toBe(true);
    expect(nul.stability!.drift!.stages.find((s) => s.stage === 'cv_screen')!.periods.every((p) => p.psi === null || p.psi === 0)).toBe(true);
    expect(nul.stability!.verdict_stability!.rows.every((r) => !r.fragile)).toBe(true);
  });
});
