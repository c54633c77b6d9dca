import type { Writable } from 'node:stream';
import { type Language, loadPolicy, type Policy, parsePolicy, type PolicyInput, withOverrides } from '../audit/contract/policy.js';
import { AuditError } from '../audit/errors.js';
import type { FileFormat } from '../audit/ingest/source.js';
import type { TextEncoding } from '../audit/ingest/text-scan.js';
import { runAudit } from '../audit/run-audit.js';
import { auditEngineTable, type EngineFlags } from './load-command.js';
import { type Format, renderOutputs } from '../reports/render.js';
import type { FailOn } from './outputs.js';
import { progressReporter } from './progress.js';
import { engineOptionsOf, fileSource } from './text-flags.js';

const INPUT_FORMATS: readonly FileFormat[] = ['csv', 'tsv', 'parquet', 'json', 'ndjson'];

export interface AuditFlags extends EngineFlags {
  policy?: string;
  protected?: string[];
  formats?: Format[];
  out?: string;
  failOn?: FailOn;
  seed?: number;
  inputFormat?: string;
  /** --benchmark <file>: benchmark candidates appended as role=benchmark rows. */
  benchmark?: string;
  /** --suppress-below <n>: small-cell suppression in the LL144 summary. */
  suppressBelow?: number;
  /** --lang: report language, recorded in the applied policy. */
  lang?: Language;
  /** --audit-date YYYY-MM-DD: overrides the policy's auditDate. */
  auditDate?: string;
  /** --delimiter, --encoding: how a CSV/TSV file is read. */
  delimiter?: string;
  encoding?: TextEncoding;
  /** load --replace: replace an existing ClickHouse table. */
  replace?: boolean;
  /** --memory-limit: DuckDB's memory limit (audit of a file, load). */
  memoryLimit?: string;
}

/** The policy from --policy (or defaults), with --protected, --seed and --lang applied on top. */
export async function resolvePolicy(flags: AuditFlags): Promise<Policy> {
  const base = flags.policy !== undefined ? await loadPolicy(flags.policy) : parsePolicy({});
  const overrides: Partial<PolicyInput> = {};
  if (flags.protected !== undefined) overrides.protected = flags.protected;
  if (flags.seed !== undefined) overrides.seed = flags.seed;
  if (flags.lang !== undefined) overrides.language = flags.lang;
  if (flags.auditDate !== undefined) overrides.auditDate = flags.auditDate;
  return Object.keys(overrides).length ? withOverrides(base, overrides) : base;
}

export function checkInputFormat(flags: AuditFlags): void {
  if (flags.inputFormat !== undefined && !INPUT_FORMATS.includes(flags.inputFormat as FileFormat)) {
    throw new AuditError('HA_ERR_USAGE', `--input-format must be one of ${INPUT_FORMATS.join(', ')}`);
  }
}

/** `hireaudit audit <file>` (or `--engine … --table t`: a table already in ClickHouse): policy, audit, rendered outputs. Writing and exit codes are the caller's. */
export async function auditCommand(file: string, flags: AuditFlags, stderr: Writable & { isTTY?: boolean }, signal?: AbortSignal) {
  checkInputFormat(flags);
  const policy = await resolvePolicy(flags);
  const progress = progressReporter(stderr);
  try {
    const source = fileSource(file, flags);
    const options = { onProgress: progress.update, ...(signal ? { signal } : {}) };
    const result =
      flags.engine !== undefined
        ? await auditEngineTable(flags, policy, options)
        : await runAudit({ source, policy, ...options, ...engineOptionsOf(flags), ...(flags.benchmark !== undefined ? { benchmark: { path: flags.benchmark } } : {}) });
    const rendering = flags.suppressBelow === undefined ? {} : { suppressBelow: flags.suppressBelow };
    return { result, outputs: await renderOutputs(result, flags.formats ?? ['md'], rendering) };
  } finally {
    progress.done();
  }
}
