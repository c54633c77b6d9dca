import { parseArgs } from 'node:util';
import { AuditError } from '../audit/errors.js';
import type { CliIo } from './main.js';

export const SERVE_HELP = `hireaudit serve — the audit API (and a small web page at /)

  hireaudit serve [--data-dir d] [--port n] [--host h] [--workers n] [--max-upload-mb n]

  --data-dir <d>       datasets, results, keys and the signing key (default ./hireaudit-data)
  --port <n>           default 8080
  --host <h>           default 127.0.0.1 (loopback only; put a TLS proxy in front for other hosts)
  --workers <n>        audits running at once, each in its own process (default 2)
  --engine <url>       clickhouse://[user@]host:port[,host:port…]/db[?cluster=c]: audits run in
                       ClickHouse, each in a table of its own dropped afterwards (credentials:
                       HIREAUDIT_CLICKHOUSE_USER, _PASSWORD or _PASSWORD_FILE); default DuckDB
  --max-upload-mb <n>  largest upload (default 1024)
  --rate-limit <n>     requests per key per minute (default 1200; 0: no limit, for benchmarks)
  --shed-delay-ms <n>  answer 503 (Retry-After) while the event loop lags more than n ms on
                       average (default 1000; 0: never for lag)
  --shed-rss-mb <n>    answer 503 (Retry-After) while the server process holds more than n MB
                       (default: no limit); /healthz always answers
  --store <url>        postgres://user@host:port/db: several instances share tenants, jobs and
                       results (the data folder then on storage they all mount; password from
                       PGPASSWORD); default: SQLite in the data folder

Create a key first: hireaudit keys create --tenant <t> --role auditor. API: /v1 (OpenAPI at
/v1/openapi.json, documentation at /docs). SIGTERM or Ctrl-C: running audits get 10 s to finish,
the rest are queued again for the next start.
`;

const usage = (message: string): never => {
  throw new AuditError('HA_ERR_USAGE', `${message}\nRun "hireaudit serve --help" for usage.`);
};

function wholeNumber(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) usage(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** `hireaudit serve`: listens until SIGTERM/SIGINT; the returned promise settles when listening. */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        workers: { type: 'string' },
        'max-upload-mb': { type: 'string' },
        'rate-limit': { type: 'string' },
        store: { type: 'string' },
        engine: { type: 'string' },
        'shed-delay-ms': { type: 'string' },
        'shed-rss-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  const port = wholeNumber('port', values.port, 0, 65535) ?? 8080;
  const workers = wholeNumber('workers', values.workers, 1, 64);
  const uploadMb = wholeNumber('max-upload-mb', values['max-upload-mb'], 1, 1024 * 1024);
  const rate = wholeNumber('rate-limit', values['rate-limit'], 0, 1_000_000);
  const shedDelayMs = wholeNumber('shed-delay-ms', values['shed-delay-ms'], 0, 3_600_000);
  const shedRssMb = wholeNumber('shed-rss-mb', values['shed-rss-mb'], 1, 1024 * 1024);
  const pressure = {
    ...(shedDelayMs !== undefined ? { maxEventLoopDelayMs: shedDelayMs } : {}),
    ...(shedRssMb !== undefined ? { maxRssBytes: shedRssMb * 1024 * 1024 } : {}),
  };
  const { startServer } = await import('../server/start.js');
  const server = await startServer({
    dataDir: values['data-dir'] ?? 'hireaudit-data',
    port,
    host: values.host ?? '127.0.0.1',
    handleSignals: true,
    ...(workers !== undefined ? { workers } : {}),
    ...(uploadMb !== undefined ? { maxUploadBytes: uploadMb * 1024 * 1024 } : {}),
    ...(values.store !== undefined ? { store: values.store } : {}),
    ...(values.engine !== undefined ? { engine: values.engine } : {}),
    ...(rate !== undefined ? { rateLimitPerMinute: rate === 0 ? (false as const) : rate } : {}),
    ...(Object.keys(pressure).length > 0 ? { pressure } : {}),
  });
  io.stderr.write(`hireaudit serve: listening on ${server.url} (data in ${values['data-dir'] ?? 'hireaudit-data'})\n`);
  await new Promise<never>(() => {}); // until a signal ends the process (start.ts)
  return 0;
}
