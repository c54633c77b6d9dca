import type { FastifyInstance } from 'fastify';
import { buildApp, loggerOptions, type ServerOptions } from './app.js';

export interface StartOptions extends ServerOptions {
  port?: number;
  host?: string;
  /** Exit the process on SIGTERM/SIGINT after a graceful close (the CLI's serve); off when embedded. */
  handleSignals?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the app and listens (the only place that does). Graceful shutdown: stop accepting,
 * let running audits finish within the grace period, re-queue the rest, close the store.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const app = await buildApp({ logger: loggerOptions(), ...options });
  const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= app.close());
  if (options.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        app.log.info({ signal }, 'shutting down');
        close().then(
          () => process.exit(0),
          (e: unknown) => {
            app.log.error({ err: e }, 'shutdown failed');
            process.exit(3);
          },
        );
      });
    }
  }
  return { app, url: address, close };
}
