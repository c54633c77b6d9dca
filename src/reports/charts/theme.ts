import type { TopLevelSpec } from 'vega-lite';
import type { FindingStatus } from '../../audit/contract/audit-result.js';
import { STATUS_ORDER } from '../format.js';
import type { Words } from '../i18n/index.js';

/**
 * Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable under the common
 * colour-vision deficiencies. Black is left out of the category range (it reads as an axis).
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Verdict colours from the same palette; grey for "no verdict possible" so it never looks like a pass. */
const STATUS_COLOUR: Record<FindingStatus, string> = {
  fail: '#D55E00',
  warn: '#E69F00',
  insufficient_evidence: '#999999',
  not_assessed: '#CCCCCC',
  pass: '#0072B2',
};

/** How a verdict is spelled inside charts (legends and tooltips): "insufficient evidence", "onvoldoende bewijs". */
export const verdictText = (s: FindingStatus, w: Words) => (w.lang === 'en' ? s.replace('_', ' ') : w.status(s).toLowerCase());

/** A colour scale for the verdict, with a fixed domain so a colour always means the same verdict. */
export const verdictScaleFor = (w: Words) => ({
  domain: STATUS_ORDER.map((s) => verdictText(s, w)),
  range: STATUS_ORDER.map((s) => STATUS_COLOUR[s]),
});

/** The verdict colours (the same in every language). */
export const verdictScale = { range: STATUS_ORDER.map((s) => STATUS_COLOUR[s]) };

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Shared look: readable type sizes, the Okabe–Ito range, a white background for the PNGs. */
const CHART_CONFIG = {
  background: 'white',
  font: 'Liberation Sans, Arial, Helvetica, sans-serif',
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#444444' },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 200, titleLimit: 240 },
  range: { category: [...OKABE_ITO] },
} satisfies TopLevelSpec['config'];

/** Numbers in Dutch charts (axes, tooltips): decimal comma, full stop between thousands (Vega's locale). */
const DUTCH_NUMBERS = { decimal: ',', thousands: '.', grouping: [3], currency: ['€ ', ''] as [string, string], percent: '%' };

/** The chart config in a report language. */
export const chartConfig = (w: Words): NonNullable<TopLevelSpec['config']> => (w.lang === 'nl' ? { ...CHART_CONFIG, locale: { number: DUTCH_NUMBERS } } : CHART_CONFIG);

/** Width of the plotting area; the PNG is scaled to a fixed pixel width anyway. */
export const PLOT_WIDTH = 340;
/** Pixels per category on a band axis. */
export const BAND_STEP = 20;
