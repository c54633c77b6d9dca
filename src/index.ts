/** hireaudit's library API: run an audit, the schemas and types of its inputs and its result. */
import type { RunningServer, StartOptions } from './server/start.js';
export { runAudit, auditTable, type AuditInput, type AuditOptions } from './audit/run-audit.js';
export { AuditResult, Finding, FindingStatus, SCHEMA_VERSION, STATUS_SEVERITY, summarize, type Summary } from './audit/contract/audit-result.js';
export { parseAuditResult, readAuditResult } from './audit/contract/read-result.js';
export { AuditProgress, AUDIT_PHASES, type ProgressListener } from './audit/contract/progress.js';
export { Policy, parsePolicy, loadPolicy, THRESHOLD_DEFAULTS } from './audit/contract/policy.js';
export { CANONICAL_COLUMNS, type DatasetProfile } from './audit/contract/dataset.js';
export { toJson } from './audit/contract/canonical-json.js';
export type { DatasetSource, FileFormat } from './audit/ingest/source.js';
export { AuditError, CancelledError, ContractError, PolicyError, type ContractIssue, type ErrorCode, formatIssue } from './audit/errors.js';
export type { Engine } from './audit/engine/engine.js';
export { DuckDBEngine } from './audit/engine/duckdb/duckdb-engine.js';
export { ClickHouseEngine } from './audit/engine/clickhouse/clickhouse-engine.js';
export { auditClickHouse, loadIntoClickHouse } from './audit/clickhouse.js';
export { FORMATS, type Format, MULTI_FILE_FORMATS, type RenderedOutput, type RenderOptions, renderOutputs } from './reports/render.js';
export { renderMarkdown } from './reports/markdown.js';
export { renderHtml } from './reports/html.js';
export { renderJunit } from './reports/junit.js';
export { renderLl144Html, renderLl144Markdown, type Ll144Options } from './reports/ll144.js';
export { buildCharts, type Chart } from './reports/charts/index.js';
export { chartToSvg, svgToPng } from './reports/images.js';
export {
  dataFrameSource,
  disparityFrame,
  cutScoreFrame,
  findingsFrame,
  validityFrames,
  automationFrames,
  similarityFrames,
  frameHtml,
  type FrameHtmlOptions,
} from './interop/danfo.js';
export { verifySignedResult, publicKeyFromPem, type Verification, type VerifyInput } from './audit/contract/signature.js';
// The API server. startServer loads it on first use, so the library alone does not load fastify;
// AppContext's module augmentation types `server.app.hireaudit` (its store, for createKey).
export { createKey } from './server/keys.js';
export type { ServerOptions } from './server/app.js';
export type { AppContext } from './server/context.js';
export type { ApiKeyInfo, Role } from './server/store/store.js';
export type { RunningServer, StartOptions };
/** Builds the API and listens (default 127.0.0.1:8080; `port: 0` picks a free port); `close()` shuts it down gracefully. */
export const startServer = async (options: StartOptions): Promise<RunningServer> => (await import('./server/start.js')).startServer(options);
