import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, Finding } from '../../../../src/audit/contract/audit-result.js';
import { toJson } from '../../../../src/audit/contract/canonical-json.js';
import { parsePolicy } from '../../../../src/audit/contract/policy.js';
import { runAudit } from '../../../../src/audit/run-audit.js';
import { runCli } from '../../../support/cli.js';
import { fixture } from '../../../support/fixtures.js';
import { useTempDir } from '../../../support/tmp.js';

/**
 * The similar-to-me family on its fixtures (scripts/fixtures/similarity.ts): the injected effects
 * of effects.json are found with their expected status and size, nothing fires on the null twin,
 * the same seed gives byte-identical results, and a separate benchmark file (--benchmark) is
 * appended as benchmark rows or refused with every problem named.
 */
interface SimilarityEffect {
  tool: string | null;
  stage: string;
  check: 'coupling' | 'homogeneity' | 'mirror' | 'diversity_loss' | 'proxy';
  attribute: string | null;
  expectedStatus: Finding['status'];
  expected: Record<string, number>;
}

function effects(file: string): SimilarityEffect[] {
  const all = JSON.parse(readFileSync(fixture('effects.json'), 'utf8')) as { datasets: { file: string; similarityEffects?: SimilarityEffect[] }[] };
  return all.datasets.find((d) => d.file === file)!.similarityEffects!;
}

const policy = parsePolicy({ protected: ['gender', 'ethnicity'] });
const pilotSource = { kind: 'file' as const, path: fixture('similarity-pilot.csv') };
const nullInput = { source: { kind: 'file' as const, path: fixture('similarity-null.csv') }, benchmark: { path: fixture('similarity-null-benchmark.csv') } };

function findingFor(result: AuditResult, e: SimilarityEffect): Finding {
  const found = result.findings.filter(
    (f) =>
      f.code === `similarity.${e.check}` &&
      (e.check === 'proxy' || f.subject.tool === e.tool) &&
      (e.attribute === null || f.evidence['attribute'] === e.attribute),
  );
  expect(found, `${e.check} ${e.tool} ${e.attribute}`).toHaveLength(1);
  return found[0]!;
}

const num = (f: Finding, key: string) => f.evidence[key] as number;

describe('similarity-pilot.csv: clone_fit flagged, skills_test not', () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await runAudit({ source: pilotSource, policy });
  });

  it.each(effects('similarity-pilot.csv').map((e) => [`${e.check} ${e.tool ?? ''} ${e.attribute ?? ''}`, e] as const))('%s has its expected status and size', (_, e) => {
    const f = findingFor(result, e);
    expect(f.status, f.message).toBe(e.expectedStatus);
    const x = e.expected;
    if (x['minimumPartialRho'] !== undefined) expect(num(f, 'partial_rho')).toBeGreaterThan(x['minimumPartialRho']);
    if (x['maximumRho'] !== undefined) expect(num(f, 'rho')).toBeLessThan(x['maximumRho']);
    if (x['maximumH'] !== undefined) expect(num(f, 'h_upper')).toBeLessThan(x['maximumH']);
    if (x['minimumH'] !== undefined) expect(num(f, 'h_lower')).toBeGreaterThan(x['minimumH']);
    if (x['maximumChange'] !== undefined) expect(num(f, 'diversity_change')).toBeLessThan(x['maximumChange']);
    if (x['auc'] !== undefined) {
      // Population AUC of the best linear rule; the cross-validated estimate on 4000 applicants lies
      // within its Hanley-McNeil interval widened by 0.01 for the finite-sample fit.
      expect(num(f, 'auc_lower') - 0.01).toBeLessThan(x['auc']);
      expect(num(f, 'auc_upper') + 0.01).toBeGreaterThan(x['auc']);
    }
    if (x['representationRatio'] !== undefined) {
      // Women among 400 incumbents: SE of the share sqrt(0.2 x 0.8 / 400) = 0.02, i.e. 0.04 on the ratio.
      expect(Math.abs(num(f, 'representation_ratio') - x['representationRatio'])).toBeLessThan(3 * 0.04);
    }
  });

  it('uses the Mahalanobis distance (400 incumbents > 5 x 6 traits) and shows the clone curve', () => {
    const clone = result.similarity!.units.find((u) => u.tool === 'clone_fit')!;
    expect(clone.resemblance!.metric).toBe('mahalanobis');
    expect(clone.clone_curve.reduce((a, q) => a + q.n, 0)).toBe(4000);
    expect(clone.clone_curve.every((q) => Math.abs(q.n - 800) <= 20)).toBe(true);
    // Selection falls from the most to the least alike fifth.
    const rates = clone.clone_curve.map((q) => q.rate!);
    expect(rates[0]).toBeGreaterThan(0.8);
    expect(rates[4]).toBeLessThan(0.02);
    const skills = result.similarity!.units.find((u) => u.tool === 'skills_test')!;
    expect(Math.max(...skills.clone_curve.map((q) => q.rate!)) - Math.min(...skills.clone_curve.map((q) => q.rate!))).toBeLessThan(0.15);
  });

  it('accounts for the benchmark rows: read = used + excluded', () => {
    const a = result.dataset.accounting;
    expect(a.excluded.find((e) => e.reason === 'benchmark_row')?.rows).toBe(400);
    expect(a.rowsRead).toBe(8400);
    expect(a.rowsUsed).toBe(8000);
  });

  it('the same seed gives byte-identical results; another seed changes only the resampled numbers', async () => {
    const again = await runAudit({ source: pilotSource, policy });
    expect(toJson(again)).toBe(toJson(result));
    const other = await runAudit({ source: pilotSource, policy: parsePolicy({ protected: ['gender', 'ethnicity'], seed: 7 }) });
    const clone = (r: AuditResult) => r.similarity!.units.find((u) => u.tool === 'clone_fit')!;
    expect(clone(other).homogeneity.h).toBe(clone(result).homogeneity.h);
    expect(clone(other).homogeneity.h_ci).not.toEqual(clone(result).homogeneity.h_ci);
    expect(other.similarity!.proxy_probe!.probes.map((p) => p.verdict)).toEqual(result.similarity!.proxy_probe!.probes.map((p) => p.verdict));
  });
});

describe('similarity-null.csv with --benchmark similarity-null-benchmark.csv: nothing fires', () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await runAudit({ ...nullInput, policy });
  });

  it('every similar-to-me finding passes', () => {
    const findings = result.findings.filter((f) => f.code.startsWith('similarity.'));
    expect(findings.length).toBe(effects('similarity-null.csv').length);
    expect(findings.filter((f) => f.status !== 'pass').map((f) => f.message)).toEqual([]);
    for (const e of effects('similarity-null.csv')) expect(findingFor(result, e).status).toBe(e.expectedStatus);
  });

  it('records the benchmark file and counts its rows as benchmark rows', () => {
    expect(result.similarity!.benchmark).toMatchObject({ source: 'file', file: 'similarity-null-benchmark.csv', n: 400 });
    expect(result.similarity!.benchmark.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.dataset.accounting.rowsRead).toBe(4400);
    expect(result.dataset.accounting.excluded.find((e) => e.reason === 'benchmark_row')?.rows).toBe(400);
  });
});

describe('--benchmark on the command line', () => {
  const tmp = useTempDir('hireaudit-similarity-');

  it('audits the file with the benchmark appended', async () => {
    const run = await runCli(['audit', fixture('similarity-null.csv'), '--benchmark', fixture('similarity-null-benchmark.csv'), '--protected', 'gender,ethnicity', '--format', 'json', '--fail-on', 'never']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as AuditResult;
    expect(json.similarity!.benchmark.source).toBe('file');
    expect(json.similarity!.units[0]!.resemblance!.metric).toBe('mahalanobis');
  });

  it('refuses a benchmark file without a trait column or with a non-number, naming file, line and column', async () => {
    const bad = tmp.path('bench.csv');
    const lines = readFileSync(fixture('similarity-null-benchmark.csv'), 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const drop = header.indexOf('trait_golf');
    const cut = (l: string) => l.split(',').filter((_, i) => i !== drop).join(',');
    const rows = lines.slice(1, 6).map(cut);
    rows[2] = rows[2]!.replace(/,[^,]*$/, ',tall');
    await writeFile(bad, [cut(lines[0]!), ...rows].join('\n') + '\n');
    const run = await runCli(['audit', fixture('similarity-null.csv'), '--benchmark', bad, '--protected', 'gender']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('2 problem(s)');
    expect(run.stderr).toMatch(/bench\.csv column "trait_golf": expected a column "trait_golf"/);
    // Line 4 of the file: the header, then the third benchmark row.
    expect(run.stderr).toMatch(/bench\.csv line 4 column "trait_risk_taking": expected a number, got "tall"/);
  });

  it('refuses --benchmark with --engine, and a missing benchmark file', async () => {
    const missing = await runCli(['audit', fixture('similarity-null.csv'), '--benchmark', tmp.path('nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.csv');
    const engine = await runCli(['audit', '--engine', 'clickhouse://localhost:1/db', '--table', 't', '--benchmark', 'b.csv']);
    expect(engine.code).toBe(2);
    expect(engine.stderr).toContain('--benchmark');
  });
});
