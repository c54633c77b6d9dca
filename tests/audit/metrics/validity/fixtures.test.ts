/**
 * The validity family on the generated fixtures (scripts/fixtures/validity.ts): the injected
 * differential prediction (group_b) and differential validity (group_c) are found with the size
 * effects.json states, and nothing is raised on the null twin. The audit's numbers are also
 * recomputed here from the CSV in plain TypeScript (closed-form ANCOVA and per-group least squares),
 * so no hireaudit statistics code is its own oracle.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../../src/audit/contract/audit-result.js';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { fixture, readSimpleCsv } from '../../../support/fixtures.js';

interface ValidityEffect {
  group: string;
  reference: string;
  expectedInterceptDifference: number;
  expectedSlopeDifference: number;
  expectedHiredR: number;
  expectedReferenceHiredR: number;
  expectedReading: string;
}
interface ValidityDataset {
  file: string;
  applicantValidity: number;
  expectedHiredValidity: number;
  expectedU: number;
  validityEffects: ValidityEffect[];
}

const manifest = JSON.parse(readFileSync(fixture('effects.json'), 'utf8')) as { datasets: ValidityDataset[] };
const described = (file: string) => manifest.datasets.find((d) => d.file === file)!;

// ─── Independent recomputation from the CSV ─────────────────────────────────────────────────────

interface Pairs {
  x: number[];
  y: number[];
}
function hired(file: string, keep: (row: Record<string, string>) => boolean = () => true): Pairs {
  const rows = readSimpleCsv(fixture(file)).filter((r) => r['criterion'] !== '' && keep(r));
  return { x: rows.map((r) => Number(r['score'])), y: rows.map((r) => Number(r['criterion'])) };
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
function sums({ x, y }: Pairs) {
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  x.forEach((xi, i) => {
    sxx += (xi - mx) ** 2;
    syy += (y[i]! - my) ** 2;
    sxy += (xi - mx) * (y[i]! - my);
  });
  return { n: x.length, mx, my, sxx, syy, sxy };
}
const pearson = (p: Pairs) => {
  const s = sums(p);
  return s.sxy / Math.sqrt(s.sxx * s.syy);
};
/** ANCOVA with a common slope: b2 = (ybar_f - ybar_r) - b_w (xbar_f - xbar_r), b_w the pooled within-group slope. */
function interceptDifference(f: Pairs, r: Pairs): number {
  const a = sums(f);
  const b = sums(r);
  const within = (a.sxy + b.sxy) / (a.sxx + b.sxx);
  return a.my - b.my - within * (a.mx - b.mx);
}
/** Separate least-squares lines: the interaction model's b3 is the difference of the slopes. */
const slopeDifference = (f: Pairs, r: Pairs) => sums(f).sxy / sums(f).sxx - sums(r).sxy / sums(r).sxx;
const popSd = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

/** |atanh r - atanh expected| in standard errors 1/sqrt(n - 3). */
const zDistance = (r: number, expected: number, n: number) => Math.abs(Math.atanh(r) - Math.atanh(expected)) * Math.sqrt(n - 3);

const audit = (file: string) =>
  runAudit({ source: { kind: 'file', path: fixture(file) }, policy: parsePolicy({ protected: ['gender', 'ethnicity'], auditDate: '2026-11-22' }) });

const eth = (g: string) => (r: Record<string, string>) => r['ethnicity'] === g;

describe('validity-pilot.csv: injected differential prediction and validity', () => {
  let result: AuditResult;
  const spec = described('validity-pilot.csv');
  beforeAll(async () => {
    result = await audit('validity-pilot.csv');
  });
  const v = () => result.validity!;
  const prediction = (g: string) => v().prediction.find((p) => p.attribute === 'ethnicity' && p.group === g)!;
  const group = (g: string) => v().groups.find((p) => p.attribute === 'ethnicity' && p.group === g)!;

  it('stage r, u and the range-corrected r equal a plain recomputation from the CSV', () => {
    const s = v().stages[0]!;
    const all = hired('validity-pilot.csv');
    expect(s.n).toBe(all.x.length);
    expect(s.r).toBeCloseTo(pearson(all), 9);
    const pool = readSimpleCsv(fixture('validity-pilot.csv')).map((r) => Number(r['score']));
    const u = popSd(pool) / popSd(all.x);
    expect(s.u).toBeCloseTo(u, 9);
    const r = pearson(all);
    expect(s.r_corrected_range).toBeCloseTo((r * u) / Math.sqrt(1 + r * r * (u * u - 1)), 9);
    expect(s.spearman_exact).toBe(true);
    expect(s.verdict).toBe('pass');
  });

  it('group_b: intercept difference +0.5 found (within 3 SE), slope equal: the score under-predicts group_b', () => {
    const effect = spec.validityEffects.find((e) => e.group === 'group_b')!;
    const p = prediction('group_b');
    expect(p.reference).toBe('group_a');
    const f = hired('validity-pilot.csv', eth('group_b'));
    const a = hired('validity-pilot.csv', eth('group_a'));
    expect(p.intercept_difference).toBeCloseTo(interceptDifference(f, a), 9);
    expect(p.slope_difference).toBeCloseTo(slopeDifference(f, a), 9);
    expect(Math.abs(p.intercept_difference! - effect.expectedInterceptDifference)).toBeLessThan(3 * p.intercept_difference_se!);
    expect(Math.abs(p.slope_difference! - effect.expectedSlopeDifference)).toBeLessThan(3 * p.slope_difference_se!);
    expect(p.reading).toBe(effect.expectedReading);
    expect(p.underpredicted).toBe('group_b');
    expect(p.verdict).toBe('fail');
    // same validity: no differential validity
    expect(group('group_b').verdict).toBe('pass');
    expect(zDistance(group('group_b').r!, effect.expectedHiredR, group('group_b').n)).toBeLessThan(3);
  });

  it('group_c: lower validity (differential validity) and a slope difference of -0.04 (within 3 SE)', () => {
    const effect = spec.validityEffects.find((e) => e.group === 'group_c')!;
    const p = prediction('group_c');
    const f = hired('validity-pilot.csv', eth('group_c'));
    const a = hired('validity-pilot.csv', eth('group_a'));
    expect(p.slope_difference).toBeCloseTo(slopeDifference(f, a), 9);
    expect(Math.abs(p.slope_difference! - effect.expectedSlopeDifference)).toBeLessThan(3 * p.slope_difference_se!);
    expect(p.reading).toBe('slopes_differ');
    expect(p.verdict).toBe('fail');
    const g = group('group_c');
    expect(g.r).toBeCloseTo(pearson(f), 9);
    expect(zDistance(g.r!, effect.expectedHiredR, g.n)).toBeLessThan(3);
    expect(zDistance(group('group_a').r!, effect.expectedReferenceHiredR, group('group_a').n)).toBeLessThan(3);
    expect(g.z!).toBeLessThan(0);
    expect(g.verdict).toBe('warn');
  });

  it('the tiny non-binary group is insufficient evidence; gender otherwise raises nothing', () => {
    const nb = v().groups.find((g) => g.group === 'non-binary')!;
    expect(nb.n).toBeLessThan(30);
    expect(nb.verdict).toBe('insufficient_evidence');
    expect(v().prediction.find((p) => p.group === 'non-binary')!.verdict).toBe('insufficient_evidence');
    expect(v().groups.find((g) => g.group === 'male')!.verdict).toBe('pass');
    expect(v().prediction.find((p) => p.group === 'male')!.verdict).toBe('pass');
  });

  it('findings: exactly the injected effects fail or warn, the small group is insufficient evidence', () => {
    const flagged = result.findings
      .filter((f) => f.code.startsWith('validity.') && f.status !== 'pass')
      .map((f) => `${f.code} ${f.status} ${Object.values(f.subject.groups ?? {}).join()}`)
      .sort();
    expect(flagged).toEqual([
      'validity.differential_prediction fail group_b',
      'validity.differential_prediction fail group_c',
      'validity.differential_prediction insufficient_evidence non-binary',
      'validity.differential_validity insufficient_evidence non-binary',
      'validity.differential_validity warn group_c',
    ]);
  });
});

describe('validity-null.csv: nothing raised', () => {
  let result: AuditResult;
  const spec = described('validity-null.csv');
  beforeAll(async () => {
    result = await audit('validity-null.csv');
  });

  it('every validity finding passes', () => {
    const validity = result.findings.filter((f) => f.code.startsWith('validity.'));
    expect(validity.length).toBeGreaterThanOrEqual(5);
    expect(validity.filter((f) => f.status !== 'pass').map((f) => f.code)).toEqual([]);
  });

  it('range restriction: observed r near the expected hired r, corrected r near the pool validity 0.5', () => {
    const s = result.validity!.stages[0]!;
    expect(zDistance(s.r!, spec.expectedHiredValidity, s.n)).toBeLessThan(3);
    expect(Math.abs(s.u! - spec.expectedU)).toBeLessThan(0.1);
    // delta method: SE(r_c) = SE(r) u / (1 + r^2 (u^2 - 1))^1.5 with SE(r) = (1 - r^2) / sqrt(n - 1); 3 SE
    const r = s.r!;
    const u = s.u!;
    const se = ((1 - r * r) / Math.sqrt(s.n - 1)) * (u / (1 + r * r * (u * u - 1)) ** 1.5);
    expect(Math.abs(s.r_corrected_range! - spec.applicantValidity)).toBeLessThan(3 * se);
    expect(s.rating).toBe('sufficient');
    expect(s.rating_corrected).toBe('good');
  });

  it('every comparison was powered: the minimum detectable differences are within the yardstick', () => {
    for (const p of result.validity!.prediction) {
      expect(p.minimum_detectable_slope_difference_std!).toBeLessThanOrEqual(0.2);
      expect(p.minimum_detectable_intercept_difference_std!).toBeLessThanOrEqual(0.2);
      expect(p.reading).toBe('no_difference_detected');
    }
  });
});
