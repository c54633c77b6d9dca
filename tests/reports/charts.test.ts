import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { buildCharts } from '../../src/reports/charts/index.js';
import { OKABE_ITO, verdictScale } from '../../src/reports/charts/theme.js';
import { fixtureResult, groupRecords, pilotResult, recordsResult } from '../support/audit-results.js';

/** vega-lite's compile() with a logger that keeps every warning (style.md §12: zero warnings). */
function compileCapturing(spec: TopLevelSpec) {
  const messages: string[] = [];
  const keep = (...args: unknown[]) => {
    messages.push(args.map(String).join(' '));
    return logger;
  };
  const logger = { level: () => logger, error: keep, warn: keep, info: () => logger, debug: () => logger } as never;
  const { spec: vega } = compile(spec, { logger });
  return { vega, messages };
}

/** Every axis of a compiled Vega spec, however deep it sits in group marks. */
function axes(node: unknown): { title?: unknown }[] {
  if (Array.isArray(node)) return node.flatMap(axes);
  if (node === null || typeof node !== 'object') return [];
  const own = 'axes' in node && Array.isArray(node.axes) ? (node.axes as { title?: unknown }[]) : [];
  return [...own, ...Object.values(node).flatMap(axes)];
}

/** Every "#rrggbb" literal anywhere in a spec. */
const colours = (spec: unknown) => [...JSON.stringify(spec).matchAll(/"(#[0-9a-fA-F]{6})"/g)].map((m) => m[1]!.toUpperCase());

const ALLOWED_COLOURS = new Set([...OKABE_ITO, ...verdictScale.range].map((c) => c.toUpperCase()));
/** Greys (r = g = b) carry no hue, so they are safe for text, rules and "no verdict". */
const isGrey = (c: string) => c.slice(1, 3) === c.slice(3, 5) && c.slice(3, 5) === c.slice(5, 7);

describe('charts of the pilot', async () => {
  const charts = buildCharts(await pilotResult());

  it('has every disparity chart, and the stability and automation charts its sections allow', () => {
    const kinds = charts.map((c) => c.id.split('--')[0]);
    const count = (k: string) => kinds.filter((x) => x === k).length;
    // 3 stages x 3 attributes; 3 stages; 3 attributes
    expect([count('selection-rate'), count('impact-ratio'), count('score'), count('cut-score'), count('funnel')]).toEqual([9, 3, 9, 9, 3]);
    // drift by month per stage x attribute, except ethnicity at the last stage, where only the
    // reference group is large enough in any month; unreviewed rejections per stage x attribute;
    // no criterion or benchmark in the pilot
    expect([count('drift'), count('automated-rejections'), count('validity'), count('clone-curve')]).toEqual([8, 9, 0, 0]);
    expect(kinds.indexOf('drift')).toBeLessThan(kinds.indexOf('automated-rejections'));
    expect(charts.find((c) => c.id.startsWith('drift--'))!.id).toBe('drift--vendor-x--cv-screen--gender');
  });

  it.each(charts.map((c) => [c.id, c] as const))('%s compiles without a warning', (_id, chart) => {
    const { vega, messages } = compileCapturing(chart.spec);
    expect(messages).toEqual([]);
    // Accessible: a title, a text alternative, titled axes that are not bare field names
    expect(chart.title.length).toBeGreaterThan(10);
    expect(chart.description.length).toBeGreaterThan(40);
    expect(vega.description).toBe(chart.description);
    const found = axes(vega);
    expect(found.length).toBeGreaterThan(0);
    for (const axis of found) if (axis.title !== undefined) expect(typeof axis.title === 'string' || Array.isArray(axis.title)).toBe(true);
    expect(JSON.stringify(vega)).not.toMatch(/"title":"(lower|upper|rate|cut|mean|impact_ratio)(, \w+)?"/);
    // Colour-blind safe: only Okabe–Ito and the verdict colours (greys for "no verdict")
    for (const c of colours(chart.spec)) if (!isGrey(c)) expect(ALLOWED_COLOURS).toContain(c);
  });

  it('ids are unique and safe as file names', () => {
    const ids = charts.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  it('is deterministic: the same result gives the same specs', async () => {
    expect(buildCharts(await pilotResult())).toEqual(charts);
  });

  it('the text alternative carries the numbers: selection rates per group', async () => {
    const result = await pilotResult();
    const row = result.disparity.rows.find((r) => r.stage === 'cv_screen' && r.groups['age_band'] === '50+' && r.attributes.length === 1)!;
    const chart = charts.find((c) => c.id === 'selection-rate--vendor-x--cv-screen--age-band')!;
    expect(chart.description).toContain(`age_band=50+: ${(row.rate! * 100).toFixed(1)}% of ${row.n}`);
    expect(chart.description).toContain('fail');
  });
});

describe.each([
  ['validity-pilot.csv', 'validity', 2],
  ['similarity-pilot.csv', 'clone-curve', 2],
])('charts of %s', (file, kind, expected) => {
  it(`has ${expected} ${kind} charts, and every chart compiles without a warning`, async () => {
    const charts = buildCharts(await fixtureResult(file, ['gender', 'ethnicity']));
    expect(charts.filter((c) => c.id.startsWith(`${kind}--`))).toHaveLength(expected);
    for (const c of charts) expect(compileCapturing(c.spec).messages, c.id).toEqual([]);
    for (const c of charts) expect(c.description.length, c.id).toBeGreaterThan(40);
  });
});

describe('charts of other shapes', () => {
  it('one stage without scores: no funnel, no score or cut-score charts, and nothing warns', async () => {
    const result = await recordsResult(
      [...groupRecords({ gender: 'f' }, 60, 12), ...groupRecords({ gender: 'm' }, 60, 30), ...groupRecords({ gender: '' }, 5, 1)],
      { protected: ['gender'] },
    );
    const charts = buildCharts(result);
    // without a stage column the data has one stage, "all"
    expect(charts.map((c) => c.id)).toEqual(['selection-rate--all--gender', 'impact-ratio--all']);
    for (const c of charts) expect(compileCapturing(c.spec).messages).toEqual([]);
  });

  it('names that slug alike still give distinct ids', async () => {
    const result = await recordsResult(
      [...groupRecords({ stage: 'a b', g: 'x' }, 40, 10), ...groupRecords({ stage: 'a b', g: 'y' }, 40, 20), ...groupRecords({ stage: 'a-b', g: 'x' }, 40, 10), ...groupRecords({ stage: 'a-b', g: 'y' }, 40, 20)],
      { protected: ['g'] },
    );
    const ids = buildCharts(result).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('selection-rate--a-b--g-2');
    expect(ids).toContain('selection-rate--a-b--g');
  });
});
