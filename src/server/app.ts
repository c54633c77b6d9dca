import { mkdir, readdir, rm } from 'node:fs/promises';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { parseClickHouseUrl } from '../audit/engine/clickhouse/target.js';
import { AuditError } from '../audit/errors.js';
import { VERSION } from '../audit/version.js';
import type { AppContext } from './context.js';
import { JobRunner, LEFTOVER_AGE_MS, olderThan } from './jobs/runner.js';
import { keyIdOf } from './keys.js';
import { type DataPaths, dataPaths } from './paths.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrors } from './plugins/errors.js';
import { type PressureLimits, pressureOf, underPressureOptions } from './plugins/pressure.js';
import { Retention } from './retention.js';
import { Rewording } from './reworded.js';
import { adminRoutes } from './routes/admin.js';
import { auditRoutes } from './routes/audits.js';
import { datasetRoutes } from './routes/datasets.js';
import { webRoutes } from './routes/web.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { isTempName } from './store/durable-fs.js';
import { SqliteStore } from './store/sqlite-store.js';
import { PROBLEM_TYPE } from './problem.js';
import type { Store } from './store/store.js';

export interface ServerOptions {
  /** Where datasets, results, the metadata database and the signing key live. */
  dataDir: string;
  /** Audits running at once, each in its own process (default 2). */
  workers?: number;
  /** Largest upload accepted, in bytes (default 1 GiB). */
  maxUploadBytes?: number;
  /** Requests per key (or per address without a key) per minute (default 1200); false: no limit. */
  rateLimitPerMinute?: number | false;
  /** Overload shedding: past any limit every route but /healthz answers 503 with Retry-After; false: never shed. */
  pressure?: PressureLimits | false;
  /** @deprecated Use `pressure: { maxEventLoopDelayMs }`, or `pressure: false` to never shed. */
  maxEventLoopDelayMs?: number | false;
  /** A request that has not been received whole after this long is answered 408 (default 15 min: large uploads). */
  requestTimeoutMs?: number;
  /** At shutdown, running audits get this long to finish before they are ended and re-queued (default 10 s). */
  shutdownGraceMs?: number;
  /** How often raw uploads past their retention date are deleted (default hourly). */
  retentionSweepMs?: number;
  /** fastify's logger option (pino); default off. start.ts turns it on. */
  logger?: FastifyServerOptions['logger'];
  /**
   * clickhouse://[user@]host:port[,host:port…]/db[?cluster=c]: audits run in ClickHouse (each loads
   * the upload into its own table, dropped after the audit); credentials as for the CLI
   * (HIREAUDIT_CLICKHOUSE_USER / _PASSWORD / _PASSWORD_FILE). Default: the embedded DuckDB.
   */
  engine?: string;
  /**
   * Where metadata and jobs live: a Store, or a postgres:// URL (several instances sharing it and
   * the data folder on shared storage); default SQLite in the data folder.
   */
  store?: Store | string;
}

/** The store named by the options: SQLite in the data folder, a PostgreSQL URL, or one given. */
export async function openStore(store: Store | string | undefined, paths: DataPaths): Promise<Store> {
  if (store === undefined) return new SqliteStore(paths.db, { backgroundCheckpoints: true });
  if (typeof store !== 'string') return store;
  if (!/^postgres(ql)?:\/\//.test(store)) throw new AuditError('HA_ERR_USAGE', `the store must be a postgres:// URL, got "${store.split(':')[0]}:…"`);
  const { PostgresStore } = await import('./store/postgres-store.js');
  return PostgresStore.open(store);
}

type Tunables = Required<Pick<ServerOptions, 'workers' | 'maxUploadBytes' | 'rateLimitPerMinute' | 'requestTimeoutMs' | 'shutdownGraceMs' | 'retentionSweepMs'>>;

export const DEFAULTS: Tunables = {
  workers: 2,
  maxUploadBytes: 1024 ** 3,
  rateLimitPerMinute: 1200,
  requestTimeoutMs: 15 * 60_000,
  shutdownGraceMs: 10_000,
  retentionSweepMs: 3_600_000,
};

/** Never a key, a body or a query value in the log: method, path and address only. */
const LOG_SERIALIZERS = {
  req: (req: { method: string; url: string; socket?: { remoteAddress?: string | undefined } }) => ({ method: req.method, url: req.url.split('?')[0] ?? '', remoteAddress: req.socket?.remoteAddress ?? '' }),
};

export function loggerOptions(level = 'info'): FastifyServerOptions['logger'] {
  return { level, serializers: LOG_SERIALIZERS, redact: { paths: ['req.headers.authorization', 'headers.authorization'], remove: true } };
}

/** Leftovers may be removed now: always when alone on the store, else once old enough not to be another instance's work. */
const removable = async (store: Store, path: string) => !store.shared || (await olderThan(path, LEFTOVER_AGE_MS));

async function prepareDataDir(paths: DataPaths): Promise<void> {
  for (const dir of [paths.root, paths.uploads, paths.datasets, paths.results]) await mkdir(dir, { recursive: true });
}

/**
 * Uploads cut off by a crash never got their 201: nothing of them stays. Uploads renamed into
 * place whose row never committed (killed in between) go too.
 */
async function sweepUploads(store: Store, paths: DataPaths): Promise<void> {
  for (const name of await readdir(paths.uploads)) {
    const path = `${paths.uploads}/${name}`;
    if (isTempName(name) && (await removable(store, path))) await rm(path, { force: true, recursive: true });
  }
  const known = await store.allDatasetIds();
  for (const name of await readdir(paths.datasets)) {
    if (!known.has(name) && (await removable(store, paths.datasetDir(name)))) await rm(paths.datasetDir(name), { recursive: true, force: true });
  }
}

/**
 * Finishing touches the zod transform cannot express: each operation's `x-request-body` (schemas.ts,
 * DocumentedBody) becomes its requestBody, and error responses (4xx, 5xx) are declared as what
 * problem.ts sends, application/problem+json, not application/json.
 */
function finishDocument<T extends { paths?: object }>(doc: T): T {
  for (const path of Object.values(doc.paths ?? {}) as Record<string, Record<string, unknown>>[]) {
    for (const operation of Object.values(path)) {
      if (operation['x-request-body'] !== undefined) {
        operation['requestBody'] = operation['x-request-body'];
        delete operation['x-request-body'];
      }
      const responses = (operation['responses'] ?? {}) as Record<string, { content?: Record<string, unknown> }>;
      for (const [status, response] of Object.entries(responses)) {
        const json = response.content?.['application/json'];
        if (Number(status) < 400 || json === undefined) continue;
        response.content = { [PROBLEM_TYPE]: json };
      }
    }
  }
  return doc;
}

/**
 * The API as a fastify instance, ready for inject() or listen(); it never listens itself
 * (start.ts does). The job runner starts when the app is ready and stops when it closes.
 */
export async function buildApp(options: ServerOptions): Promise<FastifyInstance> {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Tunables & ServerOptions;
  const paths = dataPaths(o.dataDir);
  if (o.engine !== undefined) parseClickHouseUrl(o.engine); // a wrong URL or missing credentials: refused before anything starts
  await prepareDataDir(paths);
  const store = await openStore(options.store, paths);
  const signing = await loadOrCreateSigningKey(paths.signingKey);

  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: 1 << 20,
    requestTimeout: o.requestTimeoutMs,
    connectionTimeout: o.requestTimeoutMs,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrors(app);

  const retention = new Retention(store, paths, app.log);
  const runner = new JobRunner({ store, paths, signing, retention, log: app.log, concurrency: o.workers, ...(o.engine !== undefined ? { engine: o.engine } : {}) });
  const context: AppContext = { store, runner, paths, signing, retention, rewording: new Rewording(paths, app.log), maxUploadBytes: o.maxUploadBytes };
  app.decorate('hireaudit', context);

  const pressure = pressureOf(o);
  if (pressure !== false) await app.register(underPressure, underPressureOptions(pressure, store));
  if (o.rateLimitPerMinute !== false) {
    await app.register(rateLimit, {
      max: o.rateLimitPerMinute,
      timeWindow: 60_000,
      // Per key (by its id, never the key); requests without one share their address's budget.
      keyGenerator: (request) => {
        const bearer = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
        const id = bearer === undefined ? null : keyIdOf(bearer);
        return id !== null ? `key:${id}` : `ip:${request.ip}`;
      },
      allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
      errorResponseBuilder: (_request, context) => ({ statusCode: 429, code: 'HA_ERR_RATE_LIMIT', message: `more than ${context.max} requests in ${context.after}: slow down` }),
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'hireaudit API',
        version: VERSION,
        description:
          'Upload candidate-outcome datasets, audit them under a policy, fetch signed AuditResults and reports. Every route but health, docs and the signing key needs "Authorization: Bearer <key>" (hireaudit keys create). Errors are RFC 9457 problem+json.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API key from "hireaudit keys create"' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => finishDocument('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerAuth(app);
  await app.register(datasetRoutes);
  await app.register(auditRoutes);
  await app.register(adminRoutes);
  await app.register(webRoutes);

  let sweepTimer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    await sweepUploads(store, paths);
    await retention.sweep();
    await runner.start();
    sweepTimer = setInterval(() => void retention.sweep().catch((e: unknown) => app.log.error({ err: e }, 'retention sweep failed')), o.retentionSweepMs);
    sweepTimer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(sweepTimer);
    await runner.stop(o.shutdownGraceMs);
    await store.close();
  });
  return app;
}
