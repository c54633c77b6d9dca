import type { Writable } from 'node:stream';
import type { AuditResult } from '../audit/contract/audit-result.js';
import { toJson } from '../audit/contract/canonical-json.js';
import { STATUS_SEVERITY } from '../audit/run-audit.js';
import { buildCharts, type Chart } from '../reports/charts/index.js';
import { renderHtml } from '../reports/html.js';
import { renderJunit } from '../reports/junit.js';
import { renderLl144Html, renderLl144Markdown } from '../reports/ll144.js';
import { renderMarkdown } from '../reports/markdown.js';
import { writeOutputSet } from '../io/atomic-write.js';

/** Output formats of `audit` and `report`, and the files each writes (charts go into charts/). */
export const FORMATS = ['json', 'md', 'html', 'junit', 'll144', 'svg', 'png'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ['fail', 'warn', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** These write several files, so they need --out even on their own. */
export const MULTI_FILE_FORMATS: readonly Format[] = ['ll144', 'svg', 'png'];

export interface RenderedOutput {
  format: Format;
  /** Relative to --out, e.g. "report.html" or "charts/funnel--gender.svg". */
  fileName: string;
  content: string | Uint8Array;
}

export interface RenderOptions {
  /** LL144 table: counts under this are shown as "<N" (0 or undefined: none suppressed). */
  suppressBelow?: number;
}

function textOutput(result: AuditResult, format: Exclude<Format, 'svg' | 'png'>, charts: () => Chart[], options: RenderOptions): RenderedOutput[] {
  const ll144 = options.suppressBelow === undefined ? {} : { suppressBelow: options.suppressBelow };
  switch (format) {
    case 'json':
      return [{ format, fileName: 'audit-result.json', content: toJson(result) }];
    case 'md':
      return [{ format, fileName: 'summary.md', content: renderMarkdown(result) }];
    case 'html':
      return [{ format, fileName: 'report.html', content: renderHtml(result, charts()) }];
    case 'junit':
      return [{ format, fileName: 'junit.xml', content: renderJunit(result) }];
    case 'll144':
      return [
        { format, fileName: 'll144-summary.md', content: renderLl144Markdown(result, ll144) },
        { format, fileName: 'll144-summary.html', content: renderLl144Html(result, ll144) },
      ];
  }
}

/** Every requested output, in the order asked; the charts are built once and shared. */
export async function renderOutputs(result: AuditResult, formats: readonly Format[], options: RenderOptions = {}): Promise<RenderedOutput[]> {
  let charts: Chart[] | undefined;
  const getCharts = () => (charts ??= buildCharts(result));
  const outputs: RenderedOutput[] = [];
  for (const format of new Set(formats)) {
    if (format !== 'svg' && format !== 'png') {
      outputs.push(...textOutput(result, format, getCharts, options));
      continue;
    }
    if (outputs.some((o) => o.format === 'svg' || o.format === 'png')) continue; // svg and png are rendered together
    // Vega and resvg load only when images are asked for (about 0.3 s of start-up otherwise).
    const { renderChartImages } = await import('../reports/images.js');
    const images = await renderChartImages(getCharts(), { png: formats.includes('png') });
    const wanted = formats.filter((f): f is 'svg' | 'png' => f === 'svg' || f === 'png');
    for (const f of wanted) {
      for (const i of images) outputs.push({ format: f, fileName: `charts/${i.chart.id}.${f}`, content: f === 'svg' ? i.svg : i.png! });
    }
  }
  return outputs;
}

/** Into --out (creating charts/ as needed), or the single output onto stdout. */
export async function emitOutputs(outputs: readonly RenderedOutput[], out: string | undefined, stdout: Writable): Promise<void> {
  if (out === undefined) {
    if (outputs[0]) stdout.write(outputs[0].content);
    return;
  }
  // Each file complete or absent, and no file of an earlier run left beside them (src/io/atomic-write.ts).
  await writeOutputSet(out, outputs.map((o) => ({ name: o.fileName, content: o.content })));
}

/** 1 when a finding reaches --fail-on (warn also counts insufficient evidence), else 0. */
export function exitCodeFor(result: AuditResult, failOn: FailOn = 'fail'): number {
  if (failOn === 'never') return 0;
  const reaching = failOn === 'fail' ? ['fail'] : ['fail', 'warn', 'insufficient_evidence'];
  return STATUS_SEVERITY.some((s) => reaching.includes(s) && result.summary.counts[s] > 0) ? 1 : 0;
}
