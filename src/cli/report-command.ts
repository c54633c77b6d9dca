import { readAuditResult } from '../audit/contract/read-result.js';
import { type Format, type RenderOptions, renderOutputs } from '../reports/render.js';

/** `hireaudit report <result.json>`: the same outputs as the audit that wrote it, without re-auditing. */
export async function reportCommand(file: string, formats: readonly Format[], options: RenderOptions) {
  const result = await readAuditResult(file);
  return { result, outputs: await renderOutputs(result, formats, options) };
}
