import type { TopLevelSpec } from 'vega-lite';
import type { Words } from '../i18n/index.js';
import { chartConfig, VEGA_LITE_SCHEMA } from './theme.js';

/** One chart of a report: a Vega-Lite spec with its data inlined, and where it belongs. */
export interface Chart {
  /** File-name-safe and unique within one report: charts/<id>.svg */
  id: string;
  /** The heading it is shown under, e.g. "vendor_x / cv_screen". */
  group: string;
  title: string;
  /** The text alternative: what the chart shows, in words and numbers. */
  description: string;
  spec: TopLevelSpec;
}

export interface ChartText {
  title: string;
  subtitle?: string;
  description: string;
}

/** The parts every spec shares: schema, title, text alternative (Vega turns it into aria-label), config. */
export function specHead(text: ChartText, w: Words) {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: text.subtitle === undefined ? { text: text.title } : { text: text.title, subtitle: text.subtitle },
    description: text.description,
    config: chartConfig(w),
  };
}

/** Title and description read back from a spec built with specHead. */
export function chartText(spec: TopLevelSpec): { title: string; description: string } {
  const title = typeof spec.title === 'object' && spec.title !== null && 'text' in spec.title ? String(spec.title.text) : String(spec.title ?? '');
  return { title, description: spec.description ?? '' };
}
