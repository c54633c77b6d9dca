import { readFileSync } from 'node:fs';
import * as dfd from 'danfojs-node';
import { describe, expect, it } from 'vitest';
import { AuditResult } from '../../src/audit/contract/audit-result.js';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import { runAudit } from '../../src/audit/run-audit.js';
import {
  automationFrames,
  cutScoreFrame,
  dataFrameSource,
  disparityFrame,
  findingsFrame,
  frameHtml,
  similarityFrames,
  validityFrames,
} from '../../src/interop/danfo.js';
import { fixture, readSimpleCsv } from '../support/fixtures.js';

/**
 * The frames are read from the committed golden AuditResults (tests/golden/results), so no audit
 * runs here; the expected numbers come from the fixtures' generation notes (fixtures/README.md) or
 * are counted from the fixture CSVs directly, never from the result under test.
 */
const golden = (name: string) =>
  AuditResult.parse(JSON.parse(readFileSync(new URL(`../golden/results/${name}.json`, import.meta.url), 'utf8')));

/** The frame's rows as records, column name -> value. */
function records(df: dfd.DataFrame): Record<string, unknown>[] {
  const columns = df.columns;
  return (df.values as unknown[][]).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
}

function only<T>(rows: T[], pick: (r: T) => boolean): T {
  const found = rows.filter(pick);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('disparityFrame', () => {
  it('has one row per stage x group with the counts the pilot was generated with', async () => {
    const result = golden('pilot');
    const df = await disparityFrame(result);
    expect(df.shape).toEqual([result.disparity.rows.length, 12]);
    // fixtures/README.md: cv_screen age_band 50+ selected 336 of 1156.
    const row = only(records(df), (r) => r['stage'] === 'cv_screen' && r['attributes'] === 'age_band' && r['group'] === '50+');
    expect(row).toMatchObject({ n: 1156, selected: 336, reference: '30-49' });
    expect(row['rate']).toBeCloseTo(336 / 1156, 9);
  });
});

describe('cutScoreFrame', () => {
  it('gives the share of each group at or above every cut, as counted from the CSV', async () => {
    const df = await cutScoreFrame(golden('pilot'));
    const rows = records(df).filter((r) => r['stage'] === 'cv_screen' && r['attributes'] === 'age_band');
    const csv = readSimpleCsv(fixture('pilot-cv-screen.csv')).filter((r) => r['stage'] === 'cv_screen');
    for (const [group, cut] of [['50+', 40], ['<30', 60], ['30-49', 20]] as const) {
      const members = csv.filter((r) => r['age_band'] === group);
      const above = members.filter((r) => Number(r['score']) >= cut).length;
      const row = only(rows, (r) => r['group'] === group && r['cut'] === cut);
      expect(row['n']).toBe(members.length);
      expect(row['rate']).toBeCloseTo(above / members.length, 9);
    }
    // The highest group's impact ratio at a cut is 1 by definition.
    const at40 = rows.filter((r) => r['cut'] === 40);
    const top = at40.reduce((a, b) => ((b['rate'] as number) > (a['rate'] as number) ? b : a));
    expect(top['impact_ratio']).toBe(1);
  });
});

describe('findingsFrame', () => {
  it('lists every finding; requirement verdicts name their rule set and title', async () => {
    const result = golden('pilot');
    const rows = records(await findingsFrame(result));
    expect(rows).toHaveLength(result.findings.length);
    const requirements = rows.filter((r) => String(r['code']).startsWith('requirement.'));
    expect(requirements.length).toBeGreaterThan(0);
    for (const r of requirements) {
      expect(r['requirement_set']).not.toBe('');
      expect(r['requirement']).not.toBe('');
    }
    // The injected cv_screen age_band 50+ disparity (IR 0.719 on 1156 candidates) is a failing finding.
    const fifty = rows.filter((r) => r['stage'] === 'cv_screen' && r['group'] === '50+' && String(r['code']).startsWith('disparity.'));
    expect(fifty.map((r) => r['status'])).toContain('fail');
  });
});

describe('validityFrames', () => {
  it('has the stage and group correlations of the validity pilot', async () => {
    const { stages, groups } = await validityFrames(golden('validity-pilot'));
    // fixtures/README.md: 3570 hired, r = 0.236; group_a 2140, r = 0.284; group_c 515, r = 0.025.
    const stage = only(records(stages), () => true);
    expect(stage['n']).toBe(3570);
    expect(stage['r']).toBeCloseTo(0.236, 3);
    expect((stage['r_lo'] as number) < (stage['r'] as number) && (stage['r'] as number) < (stage['r_hi'] as number)).toBe(true);
    const g = records(groups);
    expect(only(g, (r) => r['group'] === 'group_a')).toMatchObject({ n: 2140, attribute: 'ethnicity', reference: 'group_a' });
    expect(only(g, (r) => r['group'] === 'group_a')['r']).toBeCloseTo(0.284, 3);
    expect(only(g, (r) => r['group'] === 'group_c')['r']).toBeCloseTo(0.025, 3);
  });

  it('is empty, with its columns, when the data has no criterion', async () => {
    const { stages, groups } = await validityFrames(golden('pilot'));
    expect(stages.shape).toEqual([0, 14]);
    expect(stages.columns).toContain('r_corrected_range');
    expect(groups.shape[0]).toBe(0);
  });
});

describe('automationFrames', () => {
  it('counts the automated rejections and the reviewers who never override', async () => {
    const { stages, groups, reviewers } = await automationFrames(golden('automation-review'));
    const s = records(stages);
    // fixtures/README.md: cv_screen 1520 of 1824 rejections unreviewed; video_interview every decision reviewed.
    const cv = only(s, (r) => r['stage'] === 'cv_screen');
    expect(cv).toMatchObject({ rejected: 1824, rejected_unreviewed: 1520 });
    expect(cv['arr']).toBeCloseTo(1520 / 1824, 9);
    expect(only(s, (r) => r['stage'] === 'video_interview')).toMatchObject({ rejected_unreviewed: 0, reviewed: 1176, rubber_stamp_risk: 'high' });
    // group_b: 428 of 453 rejections unreviewed.
    const b = only(records(groups), (r) => r['stage'] === 'cv_screen' && r['attributes'] === 'ethnicity' && r['group'] === 'group_b');
    expect(b).toMatchObject({ rejected: 453, rejected_unreviewed: 428 });
    // r11-r14 never override at video_interview; r15/r16 do.
    const never = records(reviewers).filter((r) => r['stage'] === 'video_interview' && r['never_overrides'] === true).map((r) => r['reviewer_id']);
    expect(never).toEqual(['r11', 'r12', 'r13', 'r14']);
  });

  it('is empty without a reviewed_by_human column', async () => {
    const { stages } = await automationFrames(golden('ucb-admissions'));
    expect(stages.shape).toEqual([0, 20]);
  });
});

describe('similarityFrames', () => {
  it('shows the demographic mirror and the clone curve of the similarity pilot', async () => {
    const { units, traits, cloneCurve, mirror, probe } = await similarityFrames(golden('similarity-pilot'));
    expect(records(units).map((u) => u['tool']).sort()).toEqual(['clone_fit', 'skills_test']);
    // fixtures/README.md: women are 16.8% of the benchmark, 48.9% of applicants, 24.5% of those
    // clone_fit selected; the exact shares counted from the CSV.
    const csv = readSimpleCsv(fixture('similarity-pilot.csv'));
    const share = (rows: Record<string, string>[]) => rows.filter((r) => r['gender'] === 'female').length / rows.length;
    const pool = csv.filter((r) => r['tool'] === 'clone_fit');
    const women = only(records(mirror), (r) => r['tool'] === 'clone_fit' && r['attribute'] === 'gender' && r['group'] === 'female');
    expect(women['benchmark_share']).toBeCloseTo(share(csv.filter((r) => r['role'] === 'benchmark')), 9);
    expect(women['pool_share']).toBeCloseTo(share(pool), 9);
    expect(women['selected_share']).toBeCloseTo(share(pool.filter((r) => r['selected'] === '1')), 9);
    expect(women['selected_share']).toBeCloseTo(0.245, 3);
    // Five resemblance quintiles per tool that partition the 4000 applicants.
    const clone = records(cloneCurve).filter((r) => r['tool'] === 'clone_fit');
    expect(clone.map((r) => r['quintile'])).toEqual([1, 2, 3, 4, 5]);
    expect(clone.reduce((sum, r) => sum + (r['n'] as number), 0)).toBe(4000);
    // Six traits per tool; incumbents score +0.5 SD on golf, +0.3 on numeracy (sampling noise aside).
    const golf = only(records(traits), (r) => r['tool'] === 'clone_fit' && r['trait'] === 'trait_golf');
    expect(golf['benchmark_z']).toBeGreaterThan(0.3);
    expect(records(traits)).toHaveLength(12);
    // Gender is predictable from the traits: population AUC 0.8897.
    const gender = records(probe).filter((r) => r['attribute'] === 'gender');
    expect(gender.length).toBeGreaterThan(0);
    expect(gender[0]!['auc']).toBeCloseTo(0.8897, 1);
  });

  it('is empty without trait columns', async () => {
    const frames = await similarityFrames(golden('pilot'));
    for (const df of Object.values(frames)) expect(df.shape[0]).toBe(0);
    expect(frames.mirror.columns).toContain('benchmark_share');
  });
});

describe('dataFrameSource', () => {
  it('audits a DataFrame like the file it was read from', async () => {
    const df = await dfd.readCSV(fixture('pilot-cv-screen.csv'));
    const result = await runAudit({ source: dataFrameSource(df, 'pilot'), policy: parsePolicy({ protected: ['age_band'], auditDate: '2026-11-22' }) });
    const row = only(result.disparity.rows, (r) => r.stage === 'cv_screen' && r.groups['age_band'] === '50+');
    expect([row.n, row.selected]).toEqual([1156, 336]);
  });
});

describe('frameHtml', () => {
  const df = new dfd.DataFrame(
    [
      ['<script>alert(1)</script>', 0.123456, 42, null],
      ['a & "b"\u0000', 1e-7, 7, 'x'],
    ],
    { columns: ['group', 'rate', 'n', 'note<'] },
  );

  it('escapes every header and cell', () => {
    const html = frameHtml(df, { caption: '<b>caption</b>' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a &amp; &quot;b&quot;<'); // the control character is dropped
    expect(html).toContain('<th style="text-align:left">note&lt;</th>');
  });

  it('rounds numbers to significant digits, keeps integers and shows null as a dash', () => {
    const html = frameHtml(df, { digits: 3 });
    expect(html).toContain('<td style="text-align:right">0.123</td>');
    expect(html).toContain('>1e-7<');
    expect(html).toContain('>42<');
    expect(html).toContain('>–<');
  });

  it('counts the rows it leaves out', () => {
    const html = frameHtml(df, { maxRows: 1 });
    expect(html.match(/<tr>/g)).toHaveLength(3); // header, one row, the note
    expect(html).toContain('… 1 more rows');
  });
});
