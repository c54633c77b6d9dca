import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/clickhouse-cluster.sh', import.meta.url));
const CLUSTER = 'hireaudit_two_shards';
/** The password-protected user of the test servers (scripts/clickhouse/users.xml.template). */
export const AUDIT_USER = { user: 'hireaudit', password: 'hireaudit-test-password' };

function serverInstalled(): boolean {
  if (existsSync('/usr/sbin/clickhouse-server') || existsSync('/usr/bin/clickhouse-server')) return true;
  try {
    execFileSync('sh', ['-c', 'command -v clickhouse-server'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const installed = serverInstalled();
const inCi = process.env['CI'] === 'true';
if (!installed && !inCi) {
  console.warn('ClickHouse tests skipped: clickhouse-server is not installed (apt-get install -y clickhouse-server clickhouse-client). In CI they fail instead.');
}

/**
 * describe() for tests that need ClickHouse: skipped locally without the server (with a message),
 * but run in CI (CI=true), where a missing server makes them fail, never skip.
 */
export const describeClickHouse: typeof describe = installed || inCi ? describe : (describe.skip as typeof describe);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A loopback port nothing listens on (for the "unreachable" tests). */
export async function closedPort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if (await portFree(port)) return port;
  }
}

async function freePortBase(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20000 + 100 * Math.floor(Math.random() * 400);
    const ports = [1, 2, 11, 12, 21, 22].map((o) => base + o);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no free loopback ports for a test ClickHouse cluster');
}

export interface TestCluster {
  /** clickhouse://127.0.0.1:<node1 http>/default: one server. */
  single: () => string;
  /** Both hosts plus ?cluster=: what `hireaudit load` needs to build the Distributed table. */
  cluster: () => string;
  /** HTTP port of node 1 or 2. */
  httpPort: (node: 1 | 2) => number;
  /** Runs the cluster script with this cluster's settings (e.g. ['stop', '2']). */
  script: (...args: string[]) => string;
}

/**
 * Starts a two-shard ClickHouse cluster for the tests of one file (own random loopback ports and
 * state folder, so files running in parallel never share servers) and stops it afterwards.
 */
export function useClickHouseCluster(): TestCluster {
  let base = 0;
  let dir = '';
  const env = () => ({ ...process.env, HIREAUDIT_CH_DIR: dir, HIREAUDIT_CH_PORT_BASE: String(base), HIREAUDIT_CH_MAX_MEMORY: '2000000000' });
  const script = (...args: string[]) => execFileSync('bash', [SCRIPT, ...args], { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  beforeAll(async () => {
    if (!installed) throw new Error('clickhouse-server is not installed: CI must install it (.ci/run: apt-get install -y clickhouse-server clickhouse-client)');
    base = await freePortBase();
    dir = await mkdtemp(join(tmpdir(), 'hireaudit-clickhouse-'));
    script('start');
  });
  afterAll(async () => {
    if (dir) {
      script('stop');
      await rm(dir, { recursive: true, force: true });
    }
  });
  const httpPort = (node: 1 | 2) => base + node;
  return {
    single: () => `clickhouse://127.0.0.1:${httpPort(1)}/default`,
    cluster: () => `clickhouse://127.0.0.1:${httpPort(1)},127.0.0.1:${httpPort(2)}/default?cluster=${CLUSTER}`,
    httpPort,
    script,
  };
}
