import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditResult } from '../../src/audit/contract/audit-result.js';
import { toJson } from '../../src/audit/contract/canonical-json.js';
import { loadPolicy, type Policy } from '../../src/audit/contract/policy.js';
import { ContractError } from '../../src/audit/errors.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { runCli } from '../support/cli.js';
import { duckdbRun, sqlString } from '../support/duckdb.js';
import { fixture } from '../support/fixtures.js';
import { useTempDir } from '../support/tmp.js';

const tmp = useTempDir('hireaudit-run-audit-');
const PILOT = fixture('pilot-cv-screen.csv');
let policy: Policy;

beforeAll(async () => {
  policy = await loadPolicy(fixture('pilot-policy.yaml'));
});

describe('determinism: same data, policy and seed give byte-identical JSON', () => {
  it('two runs of the pilot, one on 1 DuckDB thread and one on 2, give the same bytes', async () => {
    // Different thread counts change the order in which DuckDB adds up doubles; the rounding to
    // 10 significant digits in canonical-json.ts must make that invisible.
    const [a, b] = await Promise.all([
      runAudit({ source: { kind: 'file', path: PILOT }, policy, engineOptions: { threads: 1 } }),
      runAudit({ source: { kind: 'file', path: PILOT }, policy, engineOptions: { threads: 2 } }),
    ]);
    const json = toJson(a);
    expect(json.length).toBeGreaterThan(10_000);
    expect(toJson(b)).toBe(json);
  });

  it('the CLI prints JSON that parses with the AuditResult schema, the same bytes twice, with the seed applied', async () => {
    const argv = ['audit', PILOT, '--policy', fixture('pilot-policy.yaml'), '--format', 'json', '--seed', '7', '--fail-on', 'never'];
    const first = await runCli(argv);
    const second = await runCli(argv);
    expect(first.code, first.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const parsed = AuditResult.parse(JSON.parse(first.stdout));
    expect(parsed.policy.seed).toBe(7);
    expect(parsed.dataset.source).toBe('pilot-cv-screen.csv');
    expect(first.stdout).toBe(toJson(parsed)); // printed in the one canonical serialisation
  });
});

describe('summary table: a vendor summary with a count column audits like the row data', () => {
  // fixtures/vendor-summary.csv is the pilot counted per stage, gender, ethnicity, age_band and
  // selected. The pilot also has score, tool and review columns, which add scoring rows (and so
  // change Holm), a tool label and automation findings, so the pilot is compared (a) reduced to the
  // summary's columns, fully, and
  // (b) as it is, on the selection statistics that do not depend on them.
  let summary: AuditResult;
  let rowsNoScore: AuditResult;
  let rowsFull: AuditResult;

  beforeAll(async () => {
    const noScore = tmp.path('pilot-no-score-no-tool.csv');
    await duckdbRun(
      `COPY (SELECT stage, gender, ethnicity, age_band, selected FROM read_csv(${sqlString(PILOT)}, header = true, all_varchar = true))
         TO ${sqlString(noScore)} (HEADER)`,
    );
    [summary, rowsNoScore, rowsFull] = await Promise.all([
      runAudit({ source: { kind: 'file', path: fixture('vendor-summary.csv') }, policy }),
      runAudit({ source: { kind: 'file', path: noScore }, policy }),
      runAudit({ source: { kind: 'file', path: PILOT }, policy }),
    ]);
  });

  it('the summary stands for the 9,374 pilot rows in 262 lines', () => {
    expect(summary.dataset.weighted).toBe(true);
    expect(summary.dataset.accounting).toMatchObject({ rowsRead: 262, rowsUsed: 262, candidatesRead: 9374, candidatesUsed: 9374 });
    expect(rowsNoScore.dataset.accounting).toMatchObject({ rowsRead: 9374, candidatesRead: 9374 });
  });

  it('rows, funnel, CMH, stages and findings equal those of the pilot without score and tool', () => {
    expect(summary.disparity.rows.length).toBeGreaterThan(30);
    expect(summary.disparity.rows).toEqual(rowsNoScore.disparity.rows);
    expect(summary.disparity.funnel).toEqual(rowsNoScore.disparity.funnel);
    expect(summary.disparity.cmh).toEqual(rowsNoScore.disparity.cmh);
    expect(summary.disparity.stages).toEqual(rowsNoScore.disparity.stages);
    expect(summary.findings).toEqual(rowsNoScore.findings);
  });

  it('selection statistics equal those of the full pilot (fields that do not depend on score or tool)', () => {
    const selectionOnly = (r: AuditResult['disparity']['rows'][number]) => {
      const { tool: _tool, holm_p: _holm, verdict: _verdict, verdict_rule: _rule, ...rest } = r;
      return rest;
    };
    expect(summary.disparity.rows.map(selectionOnly)).toEqual(rowsFull.disparity.rows.map(selectionOnly));
    const noTool = <T extends { tool: string | null }>({ tool: _tool, ...rest }: T) => rest;
    expect(summary.disparity.funnel.map(noTool)).toEqual(rowsFull.disparity.funnel.map(noTool));
    expect(summary.disparity.cmh.map(noTool)).toEqual(rowsFull.disparity.cmh.map(noTool));
  });
});

describe('in-memory records', () => {
  it('are contract-checked too: a bad value is refused with its record number, before any audit', async () => {
    const records = [
      { selected: '1', gender: 'female' },
      { selected: '0', gender: 'male' },
      { selected: 'perhaps', gender: 'male' },
    ];
    const run = runAudit({ source: { kind: 'records', records, name: 'api-body' }, policy: { ...policy, protected: ['gender'] } });
    await expect(run).rejects.toBeInstanceOf(ContractError);
    await expect(run).rejects.toMatchObject({
      issues: [{ file: 'api-body', line: 3, lineKind: 'record', column: 'selected', value: 'perhaps' }],
    });
  });
});

describe('the shipped example', () => {
  it('fixtures/pilot-policy.yaml is what the tests above assume (protected attributes and stage order)', async () => {
    const text = await readFile(fixture('pilot-policy.yaml'), 'utf8');
    expect(text).toContain('protected: [gender, ethnicity, age_band]');
    expect(policy.stages).toEqual(['cv_screen', 'video_interview', 'assessment_game']);
  });
});
