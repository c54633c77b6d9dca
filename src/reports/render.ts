import type { AuditResult } from '../audit/contract/audit-result.js';
import { toJson } from '../audit/contract/canonical-json.js';
import type { Chart } from './charts/chart.js';

/**
 * The output formats of an AuditResult and the one dispatch from a format name to its files, used
 * alike by the CLI (`audit`, `report`), the server and notebooks. Each renderer is imported when
 * its format is asked for, so listing the formats (e.g. for `--help`) loads none of them, and
 * Vega and resvg load only for images.
 */
export const FORMATS = ['json', 'md', 'html', 'junit', 'll144', 'or-brief', 'svg', 'png'] as const;
export type Format = (typeof FORMATS)[number];

/** These write several files, so they need a folder even on their own. */
export const MULTI_FILE_FORMATS: readonly Format[] = ['ll144', 'or-brief', 'svg', 'png'];

export interface RenderedOutput {
  format: Format;
  /** Relative to the output folder, e.g. "report.html" or "charts/funnel--gender.svg". */
  fileName: string;
  content: string | Uint8Array;
}

export interface RenderOptions {
  /** LL144 table: counts under this are shown as "<N" (0 or undefined: none suppressed). */
  suppressBelow?: number;
}

type TextFormat = Exclude<Format, 'svg' | 'png'>;

async function textOutput(result: AuditResult, format: TextFormat, charts: () => Promise<Chart[]>, options: RenderOptions): Promise<RenderedOutput[]> {
  switch (format) {
    case 'json':
      return [{ format, fileName: 'audit-result.json', content: toJson(result) }];
    case 'md': {
      const { renderMarkdown } = await import('./markdown.js');
      return [{ format, fileName: 'summary.md', content: renderMarkdown(result) }];
    }
    case 'html': {
      const { renderHtml } = await import('./html.js');
      return [{ format, fileName: 'report.html', content: renderHtml(result, await charts()) }];
    }
    case 'junit': {
      const { renderJunit } = await import('./junit.js');
      return [{ format, fileName: 'junit.xml', content: renderJunit(result) }];
    }
    case 'll144': {
      const { renderLl144Html, renderLl144Markdown } = await import('./ll144.js');
      const ll144 = options.suppressBelow === undefined ? {} : { suppressBelow: options.suppressBelow };
      return [
        { format, fileName: 'll144-summary.md', content: renderLl144Markdown(result, ll144) },
        { format, fileName: 'll144-summary.html', content: renderLl144Html(result, ll144) },
      ];
    }
    case 'or-brief': {
      // The works-council briefing (two A4 pages), in the result's language
      const { renderBriefHtml, renderBriefMarkdown } = await import('./or-brief.js');
      return [
        { format, fileName: 'or-brief.md', content: renderBriefMarkdown(result) },
        { format, fileName: 'or-brief.html', content: renderBriefHtml(result) },
      ];
    }
  }
}

/** Every requested output, in the order asked; the charts are built once and shared. */
export async function renderOutputs(result: AuditResult, formats: readonly Format[], options: RenderOptions = {}): Promise<RenderedOutput[]> {
  let charts: Chart[] | undefined;
  const getCharts = async () => (charts ??= (await import('./charts/index.js')).buildCharts(result));
  const outputs: RenderedOutput[] = [];
  for (const format of new Set(formats)) {
    if (format !== 'svg' && format !== 'png') {
      outputs.push(...(await textOutput(result, format, getCharts, options)));
      continue;
    }
    if (outputs.some((o) => o.format === 'svg' || o.format === 'png')) continue; // svg and png are rendered together
    const { renderChartImages } = await import('./images.js');
    const images = await renderChartImages(await getCharts(), { png: formats.includes('png') });
    const wanted = formats.filter((f): f is 'svg' | 'png' => f === 'svg' || f === 'png');
    for (const f of wanted) {
      for (const i of images) outputs.push({ format: f, fileName: `charts/${i.chart.id}.${f}`, content: f === 'svg' ? i.svg : i.png! });
    }
  }
  return outputs;
}
