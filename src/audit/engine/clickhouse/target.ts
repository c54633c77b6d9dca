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
  throw new AuditError('HA_ERR_USAGE', `--engine: ${message} (expected ${URL_FORM})`);
}

export function isClickHouseUrl(url: string): boolean {
  return url.startsWith('clickhouse://');
}

function parseHost(part: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(part);
  if (!m) usage(`"${part}" is not host[:port]`);
  const port = m[2] === undefined ? DEFAULT_HTTP_PORT : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) usage(`port ${m[2]} is out of range`);
  return { host: m[1]!, port };
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
  const m = /^clickhouse:\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(url);
  if (!m) usage('not a ClickHouse URL');
  const [, userPart, hostsPart, dbPart, queryPart] = m;
  if (userPart !== undefined && userPart.includes(':')) {
    usage('a password in the URL is refused; set HIREAUDIT_CLICKHOUSE_PASSWORD or HIREAUDIT_CLICKHOUSE_PASSWORD_FILE instead');
  }
  const hosts = hostsPart!.split(',').map(parseHost);
  const database = dbPart === undefined || dbPart === '' ? 'default' : decodeURIComponent(dbPart);
  if (!NAME.test(database)) usage(`database name "${database}" must be letters, digits and _`);
  let cluster: string | null = null;
  for (const [key, value] of new URLSearchParams(queryPart ?? '')) {
    if (key !== 'cluster') usage(`unknown URL parameter "${key}"`);
    if (!NAME.test(value)) usage(`cluster name "${value}" must be letters, digits and _`);
    cluster = value;
  }
  if (cluster !== null && hosts.length < 2) usage('a cluster needs every shard\'s host listed (host:port,host:port)');
  if (cluster === null && hosts.length > 1) usage('several hosts need ?cluster=<name from remote_servers>');
  const user = userPart !== undefined && userPart !== '' ? decodeURIComponent(userPart) : (env['HIREAUDIT_CLICKHOUSE_USER'] ?? 'default');
  return { hosts, database, cluster, user, password: readPassword(env) };
}

/** The URL without credentials, for messages. */
export function describeTarget(target: ClickHouseTarget, host = target.hosts[0]!): string {
  return `ClickHouse at http://${host.host}:${host.port}`;
}
