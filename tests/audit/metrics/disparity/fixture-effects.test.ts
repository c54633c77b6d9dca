import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../../src/audit/contract/audit-result.js';
import { loadPolicy } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { effectsOf, fixture } from '../../../support/fixtures.js';

/**
 * Issue 2 Acceptance: the injected effects of the fixtures are found with the expected size, and
 * the null fixture raises no fail. Expected sizes come from fixtures/effects.json (the generator's
 * selection probabilities), counts from fixtures/README.md (the generator's own tally of the rows).
 */
const pilotEffects = effectsOf('pilot-cv-screen.csv').injectedEffects;

let pilot: AuditResult;
let nullPilot: AuditResult;

beforeAll(async () => {
  const policy = await loadPolicy(fixture('pilot-policy.yaml'));
  [pilot, nullPilot] = await Promise.all([
    runAudit({ source: { kind: 'file', path: fixture('pilot-cv-screen.csv') }, policy }),
    runAudit({ source: { kind: 'file', path: fixture('null-pilot.csv') }, policy }),
  ]);
});

const singleRow = (r: AuditResult, stage: string, attribute: string, group: string) =>
  r.disparity.rows.find((row) => row.stage === stage && row.attributes.length === 1 && row.attributes[0] === attribute && row.groups[attribute] === group);

describe('pilot-cv-screen.csv: the two injected adverse impacts', () => {
  it('effects.json lists exactly the two effects this file tests', () => {
    expect(pilotEffects.map((e) => [e.stage, e.attribute, e.group, e.expectedImpactRatio])).toEqual([
      ['cv_screen', 'age_band', '50+', 0.7],
      ['video_interview', 'ethnicity', 'group_b', 0.65],
    ]);
  });

  it.each([
    // fixtures/README.md: 336/1156 of 50+ selected at cv_screen; 119/412 of group_b at video_interview
    ['cv_screen', 'age_band', '50+', 1156, 336],
    ['video_interview', 'ethnicity', 'group_b', 412, 119],
  ])('%s, %s=%s: the counts are the generator\'s (n %i, selected %i)', (stage, attribute, group, n, selected) => {
    const row = singleRow(pilot, stage, attribute, group)!;
    expect(row).toBeDefined();
    expect([row.n, row.selected]).toEqual([n, selected]);
  });

  it.each(pilotEffects.map((e) => [e.stage, e.attribute, e.group, e.expectedImpactRatio] as const))(
    '%s, %s=%s: verdict fail, and the 95 percent CI of the impact ratio contains the injected %s',
    (stage, attribute, group, expected) => {
      // Tolerance: the Katz 95% CI itself (sampling error of both rates; half-width about 0.2 on
      // the log scale for these counts). The reference is the highest-rate group, whose observed
      // rate is biased upwards a little (max of 3), so the observed IR sits slightly below 0.7/0.65.
      const row = singleRow(pilot, stage, attribute, group)!;
      expect(row.verdict).toBe('fail');
      expect(row.four_fifths).toBe('fail');
      expect(row.impact_ratio!).toBeLessThan(0.8);
      const [lo, hi] = row.impact_ratio_ci!;
      expect(lo).toBeLessThanOrEqual(expected);
      expect(hi).toBeGreaterThanOrEqual(expected);
      expect(row.holm_p!).toBeLessThan(0.05);
    },
  );

  it.each(pilotEffects.map((e) => [e.stage, e.attribute, e.group] as const))(
    '%s, %s=%s: a fail finding of code disparity.selection_rate names the group and stage',
    (stage, attribute, group) => {
      const found = pilot.findings.filter(
        (f) =>
          f.code === 'disparity.selection_rate' &&
          f.status === 'fail' &&
          f.subject.stage === stage &&
          JSON.stringify(f.subject.groups) === JSON.stringify({ [attribute]: group }),
      );
      expect(found).toHaveLength(1);
      expect(found[0]!.rule.id).toBe('UGESP-4D');
    },
  );

  it('no other single-attribute row fails', () => {
    const failing = pilot.disparity.rows
      .filter((r) => r.attributes.length === 1 && r.verdict === 'fail')
      .map((r) => `${r.stage} ${JSON.stringify(r.groups)}`);
    expect(failing.sort()).toEqual(['cv_screen {"age_band":"50+"}', 'video_interview {"ethnicity":"group_b"}']);
  });

  it('the bottom-line (funnel) impact ratio of each affected group is within 2 standard errors of the expected one', () => {
    // effects.json expectedFunnelImpactRatios: the other stages treat everyone alike, so the
    // funnel IR equals the stage IR. SE of ln(IR) by Katz from hires/entered of group and reference.
    for (const e of pilotEffects) {
      const rows = pilot.disparity.funnel.filter((f) => f.attributes.length === 1 && f.attributes[0] === e.attribute);
      const focal = rows.find((f) => f.groups[e.attribute] === e.group)!;
      const ref = rows.find((f) => f.is_reference)!;
      const counts = (f: typeof focal) => ({ hired: f.stages.at(-1)!.selected, entered: f.stages[0]!.n });
      const g = counts(focal);
      const r = counts(ref);
      const se = Math.sqrt((1 - g.hired / g.entered) / g.hired + (1 - r.hired / r.entered) / r.hired);
      const z = Math.abs(Math.log(focal.impact_ratio! / e.expectedImpactRatio)) / se;
      expect(z, `${e.attribute}=${e.group}: funnel IR ${focal.impact_ratio} vs ${e.expectedImpactRatio}, SE(ln) ${se}`).toBeLessThan(2);
    }
  });
});

describe('null-pilot.csv: no injected effect', () => {
  it('no selection-rate row fails', () => {
    expect(nullPilot.disparity.rows.filter((r) => r.verdict === 'fail')).toEqual([]);
  });

  // Before Holm counted every post-hoc pair (see null-calibration.test.ts), one intersectional
  // scoring-rate comparison here failed with Holm p 0.048: this guards that fix.
  // Only disparity findings: requirement rules (requirement.*) fail on missing declarations by design.
  it('no disparity finding has status fail', () => {
    const fails = nullPilot.findings
      .filter((f) => f.code.startsWith('disparity.') && f.status === 'fail')
      .map((f) => `${f.code} ${f.subject.stage} ${JSON.stringify(f.subject.groups)}`);
    expect(nullPilot.findings.some((f) => f.code === 'disparity.selection_rate')).toBe(true);
    expect(fails).toEqual([]);
  });
});
