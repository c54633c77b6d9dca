import type { JobRunner } from './jobs/runner.js';
import type { DataPaths } from './paths.js';
import type { Retention } from './retention.js';
import type { Rewording } from './reworded.js';
import type { SigningKey } from './signing-key.js';
import type { DocumentedBody } from './schemas.js';
import type { Role, Store } from './store/store.js';

export interface Auth {
  tenant: string;
  role: Role;
  keyId: string;
}

/** What every route reaches through `app.hireaudit`. */
export interface AppContext {
  store: Store;
  runner: JobRunner;
  paths: DataPaths;
  signing: SigningKey;
  retention: Retention;
  rewording: Rewording;
  maxUploadBytes: number;
}

declare module 'fastify' {
  interface FastifySchema {
    /** Documented in the OpenAPI document, not validated (streamed uploads): see schemas.ts. */
    'x-request-body'?: DocumentedBody;
  }
  interface FastifyInstance {
    hireaudit: AppContext;
  }
  interface FastifyRequest {
    auth: Auth | null;
    /** The dataset a request concerns, when known: recorded in the access log. */
    accessDataset: string | null;
  }
  interface FastifyContextConfig {
    /** Recorded in the access log, e.g. "dataset.upload". */
    action?: string;
    /** Least role allowed (default viewer). */
    minRole?: Role;
    /** No key needed (health, docs, signing key, the web page). */
    public?: boolean;
    /** Answered even while the server sheds load (liveness): see plugins/pressure.ts. */
    alwaysAnswer?: boolean;
  }
}

const RANK: Record<Role, number> = { viewer: 0, auditor: 1, admin: 2 };
export const roleAllows = (role: Role, min: Role): boolean => RANK[role] >= RANK[min];

export function newId(prefix: 'ds' | 'au' | 'po'): string {
  // 12 random bytes: 16 base64url characters.
  return `${prefix}_${globalThis.crypto.getRandomValues(Buffer.alloc(12)).toString('base64url')}`;
}
