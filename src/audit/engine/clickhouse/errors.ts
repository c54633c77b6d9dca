import { AuditError } from '../../errors.js';

/**
 * ClickHouse server error codes (src/Common/ErrorCodes.cpp; the same numbers in 18.16 and now)
 * grouped by what the user must do about them.
 */
const CREDENTIALS = new Set([192, 193, 194, 516]); // UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, AUTHENTICATION_FAILED
const MISSING_TABLE = new Set([60, 81]); // UNKNOWN_TABLE, UNKNOWN_DATABASE
const MISSING_COLUMN = new Set([16, 47]); // NO_SUCH_COLUMN_IN_TABLE, UNKNOWN_IDENTIFIER
// A shard of a Distributed table did not answer: NETWORK_ERROR, SOCKET_TIMEOUT,
// ALL_CONNECTION_TRIES_FAILED, CANNOT_READ_FROM_SOCKET, ALL_REPLICAS_ARE_STALE, CONNECTION_REFUSED (newer servers)
const SHARD_DOWN = new Set([209, 210, 279, 32, 369, 1000]);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

/** The server's error code, from the client's parsed error or the raw text ("Code: 60, …"). */
function serverCode(e: unknown): number | null {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  const m = /Code: (\d+)/.exec(String((e as Error).message ?? ''));
  return m ? Number(m[1]) : null;
}

/** First line of the server's message, without the "e.what() = …" tail of old servers. */
function serverText(e: unknown): string {
  const raw = String((e as Error).message ?? e);
  const line = raw.split('\n').find((l) => l.trim() !== '') ?? raw;
  return line
    .replace(/^.*?DB::\w*Exception: /, '')
    .replace(/, e\.what\(\) = .*$/, '')
    .replace(/\s*\(version [^)]*\)\s*$/, '')
    .replace(/\s*Log:\s*$/, '')
    .trim();
}

/** Node's socket error code, also when the client wrapped it. */
function socketCode(e: unknown): string | null {
  for (let x = e as { code?: unknown; cause?: unknown } | undefined, depth = 0; x && depth < 4; x = x.cause as typeof x, depth++) {
    if (typeof x.code === 'string' && UNREACHABLE.has(x.code)) return x.code;
  }
  return /timeout/i.test(String((e as Error).message)) ? 'timeout' : null;
}

export interface ErrorContext {
  /** "ClickHouse at http://host:port" */
  where: string;
  user: string;
  /** What was being done, e.g. 'query "disparity cells"' or 'reading table default.t'. */
  doing: string;
}

/**
 * Turns any failure of a ClickHouse request into an AuditError with a message that says what went
 * wrong and what to do. The message never contains the password (the client never puts it in one,
 * and only the user name is added here).
 */
export function clickhouseError(e: unknown, ctx: ErrorContext): AuditError {
  if (e instanceof AuditError) return e;
  const socket = socketCode(e);
  const code = serverCode(e);
  let message: string;
  if (code === null && socket !== null) {
    message = `cannot reach ${ctx.where} (${socket}) while ${ctx.doing}: is the server running and the host:port its HTTP interface?`;
  } else if (code !== null && CREDENTIALS.has(code)) {
    message = `${ctx.where} refused the credentials of user "${ctx.user}" (${serverText(e)}); set HIREAUDIT_CLICKHOUSE_USER and HIREAUDIT_CLICKHOUSE_PASSWORD (or _PASSWORD_FILE)`;
  } else if (code !== null && MISSING_TABLE.has(code)) {
    message = `${ctx.where}: ${serverText(e)} (while ${ctx.doing}); load a dataset with "hireaudit load <file> --engine … --table …" or check --table and the database in the URL`;
  } else if (code !== null && MISSING_COLUMN.has(code)) {
    message = `${ctx.where}: a column is missing (${serverText(e)}) while ${ctx.doing}; the table must have the columns "hireaudit load" creates`;
  } else if (code !== null && SHARD_DOWN.has(code)) {
    message = `${ctx.where}: a shard of the Distributed table did not answer while ${ctx.doing} (${serverText(e)}); no result was produced, because part of the data would be missing`;
  } else {
    message = `${ctx.where}: ${ctx.doing} failed: ${serverText(e)}`;
  }
  return new AuditError('HA_ERR_ENGINE', message, { cause: e });
}
