import { CANDIDATES_TABLE, type DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import type { ContractIssue } from '../errors.js';
import type { ColumnMap } from './check-contract.js';
import { CANDIDATES_DATA, EXCLUDED_COLUMN, ROW_COLUMN } from './normalize.js';
import type { RawTable } from './raw-table.js';

const EXAMPLES = 5;

/**
 * Applicant rows that repeat a candidate at a stage (and tool): the same candidate_id twice would
 * count one person twice (an export run twice, a join that fanned out). Only rows that are an
 * applicant's decision are compared: retest attempts, perturbation variants and benchmark rows
 * repeat a candidate on purpose and are excluded already; summary rows (count) have no id.
 * Policy `duplicates: refuse` (the default) lists them as contract issues; `exclude` keeps the
 * first row (file order) and excludes the repeats as `duplicate_row`, counted in the row accounting.
 */
export async function checkDuplicates(
  engine: DuckDBEngine,
  map: ColumnMap,
  raw: Pick<RawTable, 'positionOf'>,
  file: string,
  mode: 'refuse' | 'exclude',
): Promise<ContractIssue[]> {
  const id = map.canonical.candidate_id;
  if (id === undefined) return [];
  const key = ['"candidate_id"', '"stage"', ...(map.canonical.tool ? ['"tool"'] : [])];
  const table = d.quoteIdent(CANDIDATES_TABLE);
  const row = d.quoteIdent(ROW_COLUMN);
  const excluded = d.quoteIdent(EXCLUDED_COLUMN);
  const applicants = `"candidate_id" IS NOT NULL AND (${excluded} IS NULL OR ${excluded} = 'no_decision')`;
  // First a cheap exact test: a 64-bit hash of each row's key, sorted; no two neighbours are equal
  // when no two rows share a key (sorting 8-byte numbers costs about half of grouping by them, and a
  // third of grouping by the key's text, at 10M rows). Only when some hash repeats (a duplicate, or
  // rarely two keys with one hash) do the queries below group by the key itself.
  const hashes = `SELECT hash(${key.join(', ')}) AS h FROM ${table} WHERE ${applicants}`;
  const [hashed] = await engine.rows(`SELECT count(*) AS n FROM (SELECT h, lag(h) OVER (ORDER BY h) AS before FROM (${hashes})) WHERE h = before`);
  if (Number(hashed?.['n'] ?? 0) === 0) return [];
  const repeats = `SELECT ${row} FROM (SELECT ${row}, row_number() OVER (PARTITION BY ${key.join(', ')} ORDER BY ${row}) AS k FROM ${table} WHERE ${applicants}) WHERE k > 1`;
  if (mode === 'exclude') {
    // The view's _row is the data table's rowid.
    await engine.run(`UPDATE ${d.quoteIdent(CANDIDATES_DATA)} SET ${excluded} = 'duplicate_row' WHERE rowid IN (${repeats})`);
    return [];
  }
  const groups = `SELECT ${key.map((k) => `CAST(${k} AS VARCHAR) AS ${k}`).join(', ')}, list(${row} ORDER BY ${row}) AS rows_of, count(*) AS n
                    FROM ${table} WHERE ${applicants} GROUP BY ALL HAVING count(*) > 1`;
  const [total] = await engine.rows(`SELECT count(*) AS g, coalesce(sum(n - 1), 0) AS r FROM (${groups})`);
  const repeated = Number(total?.['r'] ?? 0);
  if (repeated === 0) return [];
  const examples = await engine.rows(`SELECT candidate_id, stage, ${map.canonical.tool ? 'tool' : 'NULL AS tool'}, to_json(rows_of[1:${EXAMPLES + 1}]) AS rows_of FROM (${groups}) ORDER BY rows_of[1] LIMIT ${EXAMPLES}`);
  const issues: ContractIssue[] = [];
  const lineOf = (r: number) => raw.positionOf(r);
  let shown = 0;
  for (const ex of examples) {
    if (shown >= EXAMPLES) break;
    const rows = JSON.parse(String(ex['rows_of'])) as number[];
    const first = lineOf(rows[0]!);
    const where = `stage "${String(ex['stage'])}"${ex['tool'] === null ? '' : ` and tool "${String(ex['tool'])}"`}`;
    for (const r of rows.slice(1)) {
      if (shown >= EXAMPLES) break;
      const pos = lineOf(r);
      issues.push({
        file,
        line: pos.line,
        lineKind: pos.lineKind,
        column: id,
        value: String(ex['candidate_id']),
        expected: `one row per candidate at each stage${map.canonical.tool ? ' and tool' : ''}: this candidate at ${where} is already on ${first.lineKind} ${first.line} (policy duplicates: exclude would keep the first row and count the repeats as excluded)`,
      });
      shown++;
    }
  }
  if (repeated > shown) issues[issues.length - 1]!.moreLikeThis = repeated - shown;
  return issues;
}
