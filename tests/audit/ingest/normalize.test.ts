import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import { CANDIDATES_TABLE, DuckDBEngine } from '../../../src/audit/engine/duckdb/duckdb-engine.js';
import { ingest } from '../../../src/audit/ingest/ingest.js';
import { ENUM_MAX_VALUES } from '../../../src/audit/ingest/normalize.js';
import { useTempDir } from '../../support/tmp.js';

/**
 * The normalised table stores categorical columns (stage, tool, variant, protected attributes)
 * as ENUMs of the values found (normalize.ts). What must hold: the values are the normalised
 * text (trimmed, empty -> the default), the ENUM order is text order (so ORDER BY and the
 * engines' outputs do not change), and a column with too many values stays text.
 */
const tmp = useTempDir('hireaudit-normalize-');
let engine: DuckDBEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

async function normalised(name: string, csv: string, protectedAttributes: string[]) {
  const path = tmp.path(name);
  await writeFile(path, csv);
  engine = await DuckDBEngine.open();
  await ingest(engine, { kind: 'file', path }, parsePolicy({ protected: protectedAttributes, intersectional: false }));
  const types = Object.fromEntries((await engine.rows(`DESCRIBE ${CANDIDATES_TABLE}`)).map((r) => [r['column_name'], r['column_type']]));
  return { types, engine };
}

describe('normalised candidates table', () => {
  it('stores categories as ENUMs of their trimmed values, in text order, with empty cells as the default', async () => {
    // 'B' sorts before 'a' as text (byte order); ' x ' needs trimming; '' and a blank are unknown.
    const csv = ['candidate_id,stage,tool,selected,gender', 'c1,s2,t,1,a', 'c2,s1,t,0,B', 'c3, s1 ,t,1, a ', 'c4,s1,t,1,', 'c5,s1,t,0,   ', ''].join('\n');
    const { types, engine } = await normalised('categories.csv', csv, ['gender']);
    expect(types['gender']).toBe("ENUM('B', 'a', 'unknown')");
    expect(types['stage']).toBe("ENUM('s1', 's2')");
    expect(types['tool']).toBe("ENUM('t')");
    expect(types['candidate_id']).toBe('VARCHAR'); // an id, not a category
    const rows = await engine.rows(`SELECT CAST(gender AS VARCHAR) AS g, CAST(stage AS VARCHAR) AS s FROM ${CANDIDATES_TABLE} ORDER BY gender, _row`);
    expect(rows).toEqual([
      { g: 'B', s: 's1' },
      { g: 'a', s: 's2' },
      { g: 'a', s: 's1' },
      { g: 'unknown', s: 's1' },
      { g: 'unknown', s: 's1' },
    ]);
    // A comparison with a value the ENUM lacks is false, not an error (families filter by text).
    expect(await engine.rows(`SELECT count(*) AS n FROM ${CANDIDATES_TABLE} WHERE gender = 'nobody'`)).toEqual([{ n: 0 }]);
  });

  it('keeps a column with more than ENUM_MAX_VALUES values as text', async () => {
    const lines = ['candidate_id,selected,group'];
    for (let i = 0; i <= ENUM_MAX_VALUES; i++) lines.push(`c${i},${i % 2},g${i}`);
    const { types, engine } = await normalised('many.csv', `${lines.join('\n')}\n`, ['group']);
    expect(types['group']).toBe('VARCHAR');
    expect(await engine.rows(`SELECT count(DISTINCT "group") AS n FROM ${CANDIDATES_TABLE}`)).toEqual([{ n: ENUM_MAX_VALUES + 1 }]);
  });

  it('reads a numeric Parquet column used as a category as its text', async () => {
    engine = await DuckDBEngine.open();
    const path = tmp.path('numeric-stage.parquet');
    await engine.run(`COPY (SELECT 'c' || i AS candidate_id, (i % 3) + 1 AS stage, i % 2 AS selected, CASE WHEN i % 4 = 0 THEN NULL ELSE 'g' || (i % 2) END AS gender FROM range(12) t(i)) TO '${path}' (FORMAT parquet)`);
    await ingest(engine, { kind: 'file', path }, parsePolicy({ protected: ['gender'], intersectional: false }));
    const types = Object.fromEntries((await engine.rows(`DESCRIBE ${CANDIDATES_TABLE}`)).map((r) => [r['column_name'], r['column_type']]));
    expect(types['stage']).toBe("ENUM('1', '2', '3')");
    expect(types['gender']).toBe("ENUM('g0', 'g1', 'unknown')");
  });
});
