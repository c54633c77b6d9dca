import { Resvg } from '@resvg/resvg-js';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { chartText } from './charts/chart.js';
import { escapeXml, sanitizeSvg } from './escape.js';
import type { Chart } from './charts/index.js';
import { vegaTextWidth } from './text-width.js';

/**
 * Vega and Vega-Lite (which imports Vega) are loaded on first use: Vega's canvas probe is a
 * top-level await, which would make `require('hireaudit')` (CommonJS callers, the tslab notebook
 * kernel) fail with ERR_REQUIRE_ASYNC_MODULE.
 */
let vegaModules: Promise<[typeof Vega, typeof VegaLite]> | undefined;
const loadVega = () => (vegaModules ??= Promise.all([import('vega'), import('vega-lite')]));

/** Default PNG width in pixels; the height follows the chart's aspect ratio. */
export const PNG_WIDTH = 800;

/**
 * Fonts for the PNGs come from the system only (resvg's loadSystemFonts), never the network.
 * The charts ask for Liberation Sans (metric-compatible with Arial, Debian's fonts-liberation);
 * generic families fall back to DejaVu Sans (fonts-dejavu-core). Without either, text is left out
 * of the PNG but the SVG is unaffected.
 */
const FONTS = { loadSystemFonts: true, sansSerifFamily: 'Liberation Sans', defaultFontFamily: 'DejaVu Sans' };


/**
 * Vega's SVG has no root title: add <title> and <desc> (the text alternative), which screen
 * readers and image viewers read from a standalone SVG file.
 */
function withTextAlternative(svg: string, spec: TopLevelSpec): string {
  const { title, description } = chartText(spec);
  const open = svg.indexOf('>') + 1;
  return `${svg.slice(0, open)}<title>${escapeXml(title)}</title><desc>${escapeXml(description)}</desc>${svg.slice(open)}`;
}

/** A Vega-Lite spec rendered to SVG by Vega's headless view (no DOM, no canvas). */
export async function chartToSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await loadVega();
  /** Vega exports its text measurer as a mutable object; vega-typings leaves it out. */
  const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const previous = metrics.width;
  metrics.width = vegaTextWidth;
  try {
    // Clip-path and gradient ids count up per process; reset so the same chart gives the same bytes.
    vega.resetSVGDefIds();
    return withTextAlternative(sanitizeSvg(await view.toSVG()), spec);
  } finally {
    metrics.width = previous;
    view.finalize();
  }
}

/** An SVG rasterised to PNG at a fixed width on a white background. */
export function svgToPng(svg: string, width = PNG_WIDTH): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: width }, background: 'white', font: FONTS });
  return resvg.render().asPng();
}

export interface ChartImage {
  chart: Chart;
  svg: string;
  png?: Buffer;
}

/** Every chart as SVG, and as PNG when asked; one after another, so the memory stays flat. */
export async function renderChartImages(charts: readonly Chart[], options: { png: boolean; width?: number }): Promise<ChartImage[]> {
  const images: ChartImage[] = [];
  for (const chart of charts) {
    const svg = await chartToSvg(chart.spec);
    images.push(options.png ? { chart, svg, png: svgToPng(svg, options.width) } : { chart, svg });
  }
  return images;
}
