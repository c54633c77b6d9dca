/** The API server: buildApp for tests and notebooks (inject, or listen yourself), startServer to listen. */
export { buildApp, DEFAULTS, loggerOptions, type ServerOptions } from './app.js';
export type { PressureLimits } from './plugins/pressure.js';
export { startServer, type RunningServer, type StartOptions } from './start.js';
export { createKey } from './keys.js';
export { SqliteStore } from './store/sqlite-store.js';
export type { Store, Role } from './store/store.js';
