import { CANDIDATES_TABLE, type DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { duckdbDialect as d } from '../engine/duckdb/dialect.js';
import { SINGLE_STAGE } from '../contract/dataset.js';
import { CancelledError, type ContractIssue } from '../errors.js';
import { type ColumnMap, numberOf, textOf } from './check-contract.js';
import { CANDIDATES_DATA, EXCLUDED_COLUMN, ROW_COLUMN } from './normalize.js';
import { RAW_TABLE, type RawTable } from './raw-table.js';

const EXAMPLES = 5;

/**
 * Where duplicates are looked for: a table, its row position and its key and applicant predicate
 * as SQL. The normalised candidates table is the authority (candidatesRows); the raw table serves
 * only to list duplicates beside other problems of a refused file (rawApplicantRows).
 */
interface KeyedRows {
  table: string;
  /** The row's position in the raw table (what RawTable.positionOf maps to a line). */
  row: string;
  key: { candidate_id: string; stage: string; tool?: string };
  /** Rows that are an applicant's decision, with an id. */
  applicants: string;
}

function candidatesRows(map: ColumnMap): KeyedRows {
  const excluded = d.quoteIdent(EXCLUDED_COLUMN);
  return {
    table: d.quoteIdent(CANDIDATES_TABLE),
    row: d.quoteIdent(ROW_COLUMN),
    key: { candidate_id: '"candidate_id"', stage: '"stage"', ...(map.canonical.tool ? { tool: '"tool"' } : {}) },
    applicants: `"candidate_id" IS NOT NULL AND (${excluded} IS NULL OR ${excluded} = 'no_decision')`,
  };
}

/**
 * The raw table's rows that are certainly applicant rows, keyed by their values as read (trimmed).
 * Normalising maps equal text to equal values, so two rows with one raw key have one key in the
 * candidates table too: a duplicate found here is one there (values mapped together by the policy
 * are not seen here, and are reported once the other problems are fixed). A row whose count,
 * role, variant or attempt makes it anything but an applicant's decision is left out; a value
 * that is not a number counts as no evidence either way, so such a row is left out too.
 */
function rawApplicantRows(map: ColumnMap): KeyedRows | null {
  const col = (c: 'candidate_id' | 'stage' | 'tool' | 'role' | 'variant_of' | 'attempt' | 'count') => map.canonical[c];
  const id = col('candidate_id');
  if (id === undefined) return null;
  const type = (c: string) => map.types[c] ?? 'VARCHAR';
  const text = (c: string) => textOf(c, type(c));
  const applicant = [`${text(id)} IS NOT NULL`];
  const count = col('count');
  if (count !== undefined) applicant.push(`(${text(count)} IS NULL OR ${numberOf(count, type(count))} <> 0)`);
  const role = col('role');
  if (role !== undefined) applicant.push(`coalesce(lower(${text(role)}), 'applicant') = 'applicant'`);
  const variant = col('variant_of');
  if (variant !== undefined) applicant.push(`${text(variant)} IS NULL`);
  const attempt = col('attempt');
  if (attempt !== undefined) applicant.push(`(${text(attempt)} IS NULL OR ${numberOf(attempt, type(attempt))} <= 1)`);
  const stage = col('stage');
  const tool = col('tool');
  return {
    table: RAW_TABLE,
    row: 'rowid',
    key: { candidate_id: text(id), stage: stage === undefined ? d.string(SINGLE_STAGE) : `coalesce(${text(stage)}, ${d.string(SINGLE_STAGE)})`, ...(tool !== undefined ? { tool: text(tool) } : {}) },
    applicants: applicant.join(' AND '),
  };
}

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
  if (map.canonical.candidate_id === undefined) return [];
  return duplicatesIn(engine, candidatesRows(map), map, raw, file, mode);
}

/**
 * The duplicates a file being refused for other problems would be refused for next, listed with
 * them (every problem at once), from the raw table before it is normalised. Only under
 * `duplicates: refuse`; when the raw values cannot be compared (a query fails on them), nothing
 * is added here and the duplicates are reported once the other problems are fixed.
 */
export async function rawDuplicates(engine: DuckDBEngine, map: ColumnMap, raw: Pick<RawTable, 'positionOf'>, file: string, mode: 'refuse' | 'exclude'): Promise<ContractIssue[]> {
  const rows = mode === 'refuse' ? rawApplicantRows(map) : null;
  if (rows === null) return [];
  try {
    return await duplicatesIn(engine, rows, map, raw, file, mode);
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    return [];
  }
}

/**
 * A query counting the rows of `hashes` (one column h) whose hash an earlier row has: 0 exactly
 * when no two rows share a hash. Sorted, no two neighbours are equal: at 10M rows sorting 8-byte
 * numbers costs about half of grouping by them, and a third of grouping by the key's text. Once the
 * hashes take more than half the memory limit the sort spills, and counting distinct hashes is
 * quicker (100M rows under 1 GiB: 14.0 against 16.9 CPU s; 50M rows: 7.2 against 6.8;
 * BENCHMARKS.md "Fifth pass").
 */
export function repeatedHashes(hashes: string, rows: number, memoryLimit: number): string {
  return rows * 8 > memoryLimit / 2
    ? `SELECT count(*) - count(DISTINCT h) AS n FROM (${hashes})`
    : `SELECT count(*) AS n FROM (SELECT h, lag(h) OVER (ORDER BY h) AS before FROM (${hashes})) WHERE h = before`;
}

async function duplicatesIn(
  engine: DuckDBEngine,
  source: KeyedRows,
  map: ColumnMap,
  raw: Pick<RawTable, 'positionOf'>,
  file: string,
  mode: 'refuse' | 'exclude',
): Promise<ContractIssue[]> {
  const id = map.canonical.candidate_id!;
  const keyNames = ['candidate_id', 'stage', ...(source.key.tool !== undefined ? ['tool'] : [])] as const;
  const key = keyNames.map((k) => source.key[k as keyof KeyedRows['key']]!);
  const { table, row, applicants } = source;
  // First a cheap exact test on a 64-bit hash of each row's key. Only when some hash repeats (a
  // duplicate, or rarely two keys with one hash) do the queries below group by the key itself.
  const hashes = `SELECT hash(${key.join(', ')}) AS h FROM ${table} WHERE ${applicants}`;
  const [size] = await engine.rows(`SELECT count(*) AS n FROM ${table}`);
  const [hashed] = await engine.rows(repeatedHashes(hashes, Number(size?.['n'] ?? 0), engine.memoryLimit));
  if (Number(hashed?.['n'] ?? 0) === 0) return [];
  const repeats = `SELECT ${row} FROM (SELECT ${row}, row_number() OVER (PARTITION BY ${key.join(', ')} ORDER BY ${row}) AS k FROM ${table} WHERE ${applicants}) WHERE k > 1`;
  if (mode === 'exclude') {
    // The view's _row is the data table's rowid.
    await engine.run(`UPDATE ${d.quoteIdent(CANDIDATES_DATA)} SET ${d.quoteIdent(EXCLUDED_COLUMN)} = 'duplicate_row' WHERE rowid IN (${repeats})`);
    return [];
  }
  const groups = `SELECT ${key.map((k, i) => `CAST(${k} AS VARCHAR) AS ${d.quoteIdent(keyNames[i]!)}`).join(', ')}, list(${row} ORDER BY ${row}) AS rows_of, count(*) AS n
                    FROM ${table} WHERE ${applicants} GROUP BY ALL HAVING count(*) > 1`;
  const [total] = await engine.rows(`SELECT count(*) AS g, coalesce(sum(n - 1), 0) AS r FROM (${groups})`);
  const repeated = Number(total?.['r'] ?? 0);
  if (repeated === 0) return [];
  const examples = await engine.rows(`SELECT candidate_id, stage, ${source.key.tool !== undefined ? 'tool' : 'NULL AS tool'}, to_json(rows_of[1:${EXAMPLES + 1}]) AS rows_of FROM (${groups}) ORDER BY rows_of[1] LIMIT ${EXAMPLES}`);
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
