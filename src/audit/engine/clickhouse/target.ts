import { readFileSync } from 'node:fs';
import { AuditError } from '../../errors.js';

/**
 * Where a ClickHouse table lives, parsed from the --engine URL:
 *
 *   clickhouse://[user@]host[:port][,host[:port]…]/database[?cluster=name]
 *
 * Each host:port is a server's HTTP interface (default port 8123). Several hosts plus `cluster`
 * (a name from the servers' remote_servers config) make `hireaudit load` create one local table per
 * host and a Distributed table over them; an audit talks to the first host only.
 * Credentials never come from the URL's password part (it would end up in shell history and
 * process lists): the user from the URL or HIREAUDIT_CLICKHOUSE_USER, the password from
 * HIREAUDIT_CLICKHOUSE_PASSWORD or the file named by HIREAUDIT_CLICKHOUSE_PASSWORD_FILE.
 */
export interface ClickHouseTarget {
  hosts: { host: string; port: number }[];
  database: string;
  cluster: string | null;
  user: string;
  /** Never logged or put into a message. */
  password: string;
}

const DEFAULT_HTTP_PORT = 8123;
const URL_FORM = 'clickhouse://[user@]host[:port][,host[:port]…]/database[?cluster=name]';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function usage(message: string): never {
  throw new AuditError('HA_ERR_USAGE', `--engine: ${redactCredentials(message)} (expected ${URL_FORM})`);
}

const SCHEME = /^clickhouse:\/\//i;

export function isClickHouseUrl(url: string): boolean {
  return SCHEME.test(url);
}

/**
 * The text with whatever could be credentials replaced by "***": everything between the scheme
 * ("//", else the first ":") and the last "@". Used on every URL a message repeats, malformed or
 * not (`http://u:pass@h`, `CLICKHOUSE://…`, `clickhouse:/u:p@h`, `u:p@h`), so no input can make
 * a password appear in a message.
 */
export function redactCredentials(text: string): string {
  const at = text.lastIndexOf('@');
  if (at === -1) return text;
  const slashes = text.lastIndexOf('//', at);
  const colon = text.indexOf(':');
  const start = slashes !== -1 ? slashes + 2 : colon !== -1 && colon < at ? colon + 1 : 0;
  return `${text.slice(0, start)}***${text.slice(at)}`;
}

function parseHost(part: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(part);
  if (!m) usage(`"${part}" is not host[:port]`);
  const port = m[2] === undefined ? DEFAULT_HTTP_PORT : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) usage(`port ${m[2]} is out of range`);
  return { host: m[1]!, port };
}

function decodeComponent(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return usage('a malformed %-escape in the URL');
  }
}

function readPassword(env: NodeJS.ProcessEnv): string {
  const file = env['HIREAUDIT_CLICKHOUSE_PASSWORD_FILE'];
  if (file !== undefined && file !== '') {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new AuditError('HA_ERR_USAGE', `cannot read HIREAUDIT_CLICKHOUSE_PASSWORD_FILE ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return env['HIREAUDIT_CLICKHOUSE_PASSWORD'] ?? '';
}

export function parseClickHouseUrl(url: string, env: NodeJS.ProcessEnv = process.env): ClickHouseTarget {
  if (!SCHEME.test(url)) usage(`"${url}" is not a ClickHouse URL`);
  // The user part ends at the last "@", so no character of a password can be read as host or path.
  const rest = url.replace(SCHEME, '');
  const at = rest.lastIndexOf('@');
  const userPart = at === -1 ? undefined : rest.slice(0, at);
  if (userPart !== undefined && userPart.includes(':')) {
    usage('a password in the URL is refused; set HIREAUDIT_CLICKHOUSE_PASSWORD or HIREAUDIT_CLICKHOUSE_PASSWORD_FILE instead');
  }
  if (userPart !== undefined && !/^[A-Za-z0-9_.%-]*$/.test(userPart)) usage('the user name in the URL must be letters, digits, _ . - or %-escapes');
  const m = /^([^/?#]+)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(rest.slice(at + 1));
  if (!m) usage('no host in the URL');
  const [, hostsPart, dbPart, queryPart] = m;
  const hosts = hostsPart!.split(',').map(parseHost);
  const database = dbPart === undefined || dbPart === '' ? 'default' : decodeComponent(dbPart);
  if (!NAME.test(database)) usage(`database name "${database}" must be letters, digits and _`);
  let cluster: string | null = null;
  for (const [key, value] of new URLSearchParams(queryPart ?? '')) {
    if (key !== 'cluster') usage(`unknown URL parameter "${key}"`);
    if (!NAME.test(value)) usage(`cluster name "${value}" must be letters, digits and _`);
    cluster = value;
  }
  if (cluster !== null && hosts.length < 2) usage('a cluster needs every shard\'s host listed (host:port,host:port)');
  if (cluster === null && hosts.length > 1) usage('several hosts need ?cluster=<name from remote_servers>');
  const user = userPart !== undefined && userPart !== '' ? decodeComponent(userPart) : (env['HIREAUDIT_CLICKHOUSE_USER'] ?? 'default');
  return { hosts, database, cluster, user, password: readPassword(env) };
}

/** The URL without credentials, for messages. */
export function describeTarget(target: ClickHouseTarget, host = target.hosts[0]!): string {
  return `ClickHouse at http://${host.host}:${host.port}`;
}
