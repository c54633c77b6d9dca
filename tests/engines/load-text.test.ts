/**
 * `hireaudit load` streams the rows to ClickHouse as TabSeparated text (issue 14 item 5): every
 * text value must arrive as it was, whatever it holds (TabSeparated's own separators and escape
 * character, quotes, the text "\N" that TabSeparated reads as NULL, non-ASCII), NULL as NULL,
 * numbers and timestamps unchanged. Compared row by row with DuckDB's candidates table, on one
 * server and on two shards.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadIntoClickHouse } from '../../src/audit/clickhouse.js';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import type { SampleQuery } from '../../src/audit/engine/aggregate-query.js';
import { ClickHouseEngine } from '../../src/audit/engine/clickhouse/clickhouse-engine.js';
import { parseClickHouseUrl } from '../../src/audit/engine/clickhouse/target.js';
import { DuckDBEngine } from '../../src/audit/engine/duckdb/duckdb-engine.js';
import { ingest } from '../../src/audit/ingest/ingest.js';
import { describeClickHouse, useClickHouseCluster } from '../support/clickhouse.js';

const AWKWARD = ['tab\there', 'new\nline', 'carriage\rreturn', 'back\\slash', '\\N', '\\t not a tab', 'say "hi"', "o'brien", 'ünïcödé ✓', '  spaced  ', 'a\\\tb'];

function records(): Record<string, string>[] {
  return Array.from({ length: 240 }, (_, i) => ({
    candidate_id: `${AWKWARD[i % AWKWARD.length]}#${i}`,
    selected: String(i % 2),
    score: i % 9 === 0 ? '' : String((i * 37) % 1000 / 10 + 0.05),
    decided_at: i % 7 === 0 ? '' : `2026-03-${String(1 + (i % 28)).padStart(2, '0')} 0${i % 10}:1${i % 6}:0${i % 10}`,
    reviewed_by_human: String(i % 3 === 0 ? 1 : 0),
    reviewer_id: i % 3 === 0 ? AWKWARD[(i * 5) % AWKWARD.length]! : '',
    gender: ['female', 'male', ''][i % 3]!,
    // A category (stored as an ENUM) of awkward values, and one of plain values: the loader escapes
    // only the columns that hold a character TabSeparated escapes.
    ethnicity: AWKWARD[(i * 7) % AWKWARD.length]!,
    stage: ['screen', 'interview'][i % 2]!,
  }));
}

describeClickHouse('load: text values arrive in ClickHouse as they are', { timeout: 120_000 }, () => {
  const ch = useClickHouseCluster();
  const policy = parsePolicy({ protected: ['gender', 'ethnicity'] });
  const source = { kind: 'records' as const, records: records(), name: 'awkward-text' };
  const everyRow: SampleQuery = { columns: ['_row', 'candidate_id', 'reviewer_id', 'score', 'decided_at', 'gender', 'ethnicity', 'stage', 'selected', 'w', '_excluded'], size: 1000, seed: 1 };
  let duck: DuckDBEngine;

  beforeAll(async () => {
    duck = await DuckDBEngine.open();
    await ingest(duck, source, policy);
    await loadIntoClickHouse({ source, policy, engine: ch.single(), table: 'text_single' });
    await loadIntoClickHouse({ source, policy, engine: ch.cluster(), table: 'text_sharded' });
  });
  afterAll(async () => duck?.close());

  it.each(['text_single', 'text_sharded'])('%s holds the same values as DuckDB', async (table) => {
    const expected = await duck.sample(everyRow);
    expect(expected).toHaveLength(240);
    expect(expected.some((r) => r['candidate_id'] === '\\N#4')).toBe(true);
    expect(expected.some((r) => r['reviewer_id'] === null)).toBe(true);
    const categories = new Set(expected.map((r) => String(r['ethnicity'])));
    expect([...categories].some((v) => v.includes('\\'))).toBe(true); // escaped on the way
    expect(categories.has("o'brien")).toBe(true);
    const engine = await ClickHouseEngine.open(parseClickHouseUrl(ch.single()), table);
    try {
      expect(await engine.sample(everyRow)).toEqual(expected);
    } finally {
      await engine.close();
    }
  });
});
