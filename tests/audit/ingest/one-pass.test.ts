import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import { CANDIDATES_TABLE, DuckDBEngine } from '../../../src/audit/engine/duckdb/duckdb-engine.js';
import { resolveColumns } from '../../../src/audit/ingest/check-contract.js';
import { ingest } from '../../../src/audit/ingest/ingest.js';
import { buildCandidatesTable } from '../../../src/audit/ingest/normalize.js';
import { loadRawFile } from '../../../src/audit/ingest/raw-table.js';
import { textOptionsFor } from '../../../src/audit/ingest/read-file.js';
import type { FileFormat } from '../../../src/audit/ingest/source.js';
import { ContractError } from '../../../src/audit/errors.js';
import { useTempDir } from '../../support/tmp.js';

/**
 * Ingest reads a good CSV, TSV or Parquet file once, straight into the candidates table, checking
 * the contract in the same pass (issue 14 item 1); a file with anything to report goes the
 * checked way (raw table, contract check), whose messages the tests in bad-input and tests/hostile
 * pin. What must hold for the one pass: no raw copy of the file, the same candidates table as the
 * checked path, and every row's _row its position in the file, also for a file large enough to be
 * read by several threads.
 */
const tmp = useTempDir('hireaudit-one-pass-');
const engines: DuckDBEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});
const open = async () => {
  const e = await DuckDBEngine.open({ threads: 2 });
  engines.push(e);
  return e;
};

/** Every statement the engine runs, as text (through the engine, or its connection as the raw-table reader does). */
function recordStatements(engine: DuckDBEngine): string[] {
  const seen: string[] = [];
  for (const m of ['run', 'rows'] as const) {
    const original = engine[m].bind(engine) as (sql: string) => Promise<never>;
    (engine[m] as unknown) = (sql: string) => {
      seen.push(sql);
      return original(sql);
    };
  }
  const run = engine.connection.run.bind(engine.connection);
  (engine.connection.run as unknown) = (sql: string) => {
    seen.push(sql);
    return run(sql);
  };
  return seen;
}

const policy = parsePolicy({ protected: ['gender'], intersectional: false, auditDate: '2026-11-22' });

/** 120,000 rows (two of DuckDB's row groups, so two threads read them) with flags spelled yes/no, a timestamp and a score. */
function bigCsv(): string {
  const lines = ['candidate_id,stage,selected,reviewed_by_human,score,decided_at,gender'];
  for (let i = 0; i < 120_000; i++) {
    const flag = i % 3 === 0 ? 'yes' : i % 3 === 1 ? 'no' : 'Yes';
    lines.push(`c${i},${i % 2 ? 'video' : ' cv '},${flag},${i % 5 === 0 ? 'true' : 'false'},${(i % 997) / 10},2026-0${1 + (i % 9)}-1${i % 10} 10:00:00,${['f', 'm', '', 'x'][i % 4]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The candidates table as the checked path builds it (raw table, contract check, then the table). */
async function checkedPath(path: string, format: FileFormat): Promise<DuckDBEngine> {
  const engine = await open();
  const raw = await loadRawFile(engine, path, format, textOptionsFor(path, format, {}));
  const { map, issues } = resolveColumns(raw, policy, path);
  expect(issues).toEqual([]);
  await buildCandidatesTable(engine, map, policy);
  return engine;
}

const everything = (engine: DuckDBEngine) => engine.rows(`SELECT * FROM ${CANDIDATES_TABLE} ORDER BY _row`);

describe('one-pass ingest', () => {
  it('reads a good CSV without a raw table, into the same candidates table as the checked path, rows in file order', async () => {
    const path = tmp.path('big.csv');
    await writeFile(path, bigCsv());
    const engine = await open();
    const statements = recordStatements(engine);
    const profile = await ingest(engine, { kind: 'file', path }, policy);
    expect(statements.some((s) => /\b(TABLE|VIEW) raw\b/.test(s))).toBe(false);
    expect(profile.accounting.rowsRead).toBe(120_000);
    // _row is the row's position: candidate c<i> is data line i.
    expect(await engine.rows(`SELECT count(*) AS n FROM ${CANDIDATES_TABLE} WHERE candidate_id <> 'c' || _row`)).toEqual([{ n: 0 }]);
    const types = Object.fromEntries((await engine.rows(`DESCRIBE ${CANDIDATES_TABLE}`)).map((r) => [r['column_name'], r['column_type']]));
    expect(types['stage']).toBe("ENUM('cv', 'video')"); // ' cv ' trimmed
    expect(types['decided_at']).toBe('TIMESTAMP');
    expect(await everything(engine)).toEqual(await everything(await checkedPath(path, 'csv')));
  });

  it('reads a good Parquet file (typed columns, a TIMESTAMP) the same way', async () => {
    const engine = await open();
    const path = tmp.path('typed.parquet');
    await engine.run(
      `COPY (SELECT 'c' || i AS candidate_id, ['cv', 'video'][1 + i % 2] AS stage, CAST(i % 2 AS INTEGER) AS selected, i % 7 = 0 AS reviewed_by_human,
                    CASE WHEN i % 11 = 0 THEN NULL ELSE i / 10 END AS score, TIMESTAMP '2026-01-01' + to_seconds(i * 37) AS decided_at,
                    CASE WHEN i % 13 = 0 THEN NULL ELSE ['f', 'm'][1 + i % 2] END AS gender
             FROM range(130000) t(i)) TO '${path}' (FORMAT parquet)`,
    );
    const fresh = await open();
    const statements = recordStatements(fresh);
    await ingest(fresh, { kind: 'file', path }, policy);
    expect(statements.some((s) => /\b(TABLE|VIEW) raw\b/.test(s))).toBe(false);
    expect(await fresh.rows(`SELECT count(*) AS n FROM ${CANDIDATES_TABLE} WHERE candidate_id <> 'c' || _row`)).toEqual([{ n: 0 }]);
    expect(await everything(fresh)).toEqual(await everything(await checkedPath(path, 'parquet')));
  });

  it('the number columns of a text file are parsed by the reader, to the same values as the checked path; a number column that is also a category stays text', async () => {
    // Spellings both paths read: spaces around, exponent, sign, no leading or trailing digit,
    // digit separators, empty. age, a protected attribute of numbers, stays text: its categories
    // are its values as written ('07', '7' and '7.0', not one number).
    const spellings = [' 12.5 ', '1e2', '+3', '.5', '7.', '1_000', '', '-0.25', '42'];
    const lines = ['candidate_id,stage,selected,score,criterion,age,trait_b'];
    for (let i = 0; i < 3000; i++) lines.push(`c${i},cv,${i % 2},${spellings[i % spellings.length]},${i % 4 ? (i % 50) / 7 : ''},${['07', '7', '7.0'][i % 3]},${spellings[(i * 5) % spellings.length]}`);
    const path = tmp.path('numbers.csv');
    await writeFile(path, `${lines.join('\n')}\n`);
    const both = parsePolicy({ protected: ['age'], intersectional: false, auditDate: '2026-11-22' });
    const engine = await open();
    const statements = recordStatements(engine);
    await ingest(engine, { kind: 'file', path }, both);
    expect(statements.some((s) => /\b(TABLE|VIEW) raw\b/.test(s))).toBe(false);
    expect(statements.some((s) => s.includes("types = {'score': 'DOUBLE', 'criterion': 'DOUBLE', 'trait_b': 'DOUBLE'}"))).toBe(true);
    const checked = await open();
    const raw = await loadRawFile(checked, path, 'csv', textOptionsFor(path, 'csv', {}));
    const resolved = resolveColumns(raw, both, path);
    expect(resolved.issues).toEqual([]);
    await buildCandidatesTable(checked, resolved.map, both);
    expect(await everything(engine)).toEqual(await everything(checked));
    expect(await engine.rows(`SELECT DISTINCT CAST(age AS VARCHAR) AS v FROM ${CANDIDATES_TABLE} ORDER BY v`)).toEqual([{ v: '07' }, { v: '7' }, { v: '7.0' }]);
  });

  it('a number the reader cannot parse sends the file to the checked path, which names it', async () => {
    const path = tmp.path('bad-number.csv');
    await writeFile(path, bigCsv().replace(/\nc119998,([^,]*),([^,]*),([^,]*),[^,]*,/, '\nc119998,$1,$2,$3,n/a,'));
    const engine = await open();
    const refused = await ingest(engine, { kind: 'file', path }, policy).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ContractError);
    expect((refused as ContractError).issues).toEqual([{ file: path, line: 120_000, lineKind: 'line', column: 'score', value: 'n/a', expected: 'a number' }]);
  });

  it('a bad value makes ingest take the checked path, which names it by line and column', async () => {
    const path = tmp.path('bad.csv');
    await writeFile(path, bigCsv().replace(/\nc119999,video,\w+,/, '\nc119999,video,maybe,'));
    const engine = await open();
    const statements = recordStatements(engine);
    const refused = await ingest(engine, { kind: 'file', path }, policy).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ContractError);
    expect((refused as ContractError).issues).toEqual([
      { file: path, line: 120_001, lineKind: 'line', column: 'selected', value: 'maybe', expected: '0/1, yes/no or true/false' },
    ]);
    expect(statements.some((s) => /TABLE raw\b/.test(s))).toBe(true); // the checked path ran
  });
});
