import type { Language } from '../audit/contract/policy.js';
import { readAuditResult } from '../audit/contract/read-result.js';
import { type Format, type RenderOptions, renderOutputs } from '../reports/render.js';

/**
 * `hireaudit report <result.json>`: the same outputs as the audit that wrote it, without
 * re-auditing. With `--lang`, the findings are first written again in that language by the rules'
 * catalogues (the CLI composes audit and reports; the renderers then read the result's language).
 */
export async function reportCommand(file: string, formats: readonly Format[], options: RenderOptions, lang?: Language) {
  const saved = await readAuditResult(file);
  const result = lang === undefined ? saved : (await import('../audit/rules/localize.js')).localizeResult(saved, lang);
  return { result, outputs: await renderOutputs(result, formats, options) };
}
