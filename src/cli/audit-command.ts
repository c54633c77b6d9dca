import type { Writable } from 'node:stream';
import type { AuditResult } from '../audit/contract/audit-result.js';
import { toJson } from '../audit/contract/canonical-json.js';
import { loadPolicy, type Policy, parsePolicy, type PolicyInput, withOverrides } from '../audit/contract/policy.js';
import { AuditError } from '../audit/errors.js';
import type { FileFormat } from '../audit/ingest/source.js';
import { runAudit } from '../audit/run-audit.js';
import { renderMarkdown } from '../reports/markdown.js';
import { progressReporter } from './progress.js';

export const FORMATS = ['json', 'md'] as const;
export const FAIL_ON = ['fail', 'warn', 'never'] as const;
const INPUT_FORMATS: readonly FileFormat[] = ['csv', 'tsv', 'parquet', 'json', 'ndjson'];

export interface AuditFlags {
  policy?: string;
  protected?: string[];
  formats?: (typeof FORMATS)[number][];
  out?: string;
  failOn?: (typeof FAIL_ON)[number];
  seed?: number;
  inputFormat?: string;
}

export interface RenderedOutput {
  format: (typeof FORMATS)[number];
  fileName: string;
  content: string;
}

/** The policy from --policy (or defaults), with --protected and --seed applied on top. */
async function resolvePolicy(flags: AuditFlags): Promise<Policy> {
  const base = flags.policy !== undefined ? await loadPolicy(flags.policy) : parsePolicy({});
  const overrides: Partial<PolicyInput> = {};
  if (flags.protected !== undefined) overrides.protected = flags.protected;
  if (flags.seed !== undefined) overrides.seed = flags.seed;
  return Object.keys(overrides).length ? withOverrides(base, overrides) : base;
}

export function render(result: AuditResult, formats: readonly (typeof FORMATS)[number][]): RenderedOutput[] {
  return formats.map((format) =>
    format === 'json'
      ? { format, fileName: 'audit-result.json', content: toJson(result) }
      : { format, fileName: 'summary.md', content: renderMarkdown(result) },
  );
}

/** `hireaudit audit <file>`: policy, audit, rendered outputs. Writing and exit codes are the caller's. */
export async function auditCommand(file: string, flags: AuditFlags, stderr: Writable & { isTTY?: boolean }) {
  if (flags.inputFormat !== undefined && !INPUT_FORMATS.includes(flags.inputFormat as FileFormat)) {
    throw new AuditError('HA_ERR_USAGE', `--input-format must be one of ${INPUT_FORMATS.join(', ')}`);
  }
  const policy = await resolvePolicy(flags);
  const progress = progressReporter(stderr);
  try {
    const source = flags.inputFormat
      ? { kind: 'file' as const, path: file, format: flags.inputFormat as FileFormat }
      : { kind: 'file' as const, path: file };
    const result = await runAudit({ source, policy, progress: progress.report });
    return { result, outputs: render(result, flags.formats ?? ['md']) };
  } finally {
    progress.done();
  }
}
