import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildCharts } from '../../src/reports/charts/index.js';
import { chartToSvg, PNG_WIDTH, renderChartImages, svgToPng } from '../../src/reports/images.js';
import { textWidth } from '../../src/reports/text-width.js';
import { pilotResult } from '../support/audit-results.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A minimal PNG decoder check (PNG spec, W3C 2003): signature, IHDR first, then the IDAT stream
 * inflates to exactly height scanlines of (1 filter byte + width x bytes per pixel).
 */
function decodePng(png: Buffer) {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const bitDepth = png[24]!;
  const colourType = png[25]!;
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colourType as 0 | 2 | 4 | 6];
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  return { width, height, bitDepth, channels, bytes: pixels.length };
}

/** width and height attributes of the root <svg>. */
const svgSize = (svg: string) => {
  const m = /^<svg[^>]* width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

describe('chart images', async () => {
  const charts = buildCharts(await pilotResult());
  const images = await renderChartImages(charts, { png: true });

  it('gives one SVG and one PNG per chart', () => {
    expect(images.map((i) => i.chart.id)).toEqual(charts.map((c) => c.id));
    for (const i of images) {
      expect(i.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      // the text alternative travels with the file
      expect(i.svg).toContain(`<desc>${i.chart.description.slice(0, 30).replaceAll('<', '&lt;')}`);
      expect(i.svg).toMatch(/<title>[^<]+<\/title>/);
    }
  });

  it.each(images.map((i) => [i.chart.id, i] as const))('%s: the PNG decodes, 800 px wide, aspect ratio kept', (_id, image) => {
    const png = decodePng(image.png!);
    expect(png.width).toBe(PNG_WIDTH);
    const svg = svgSize(image.svg);
    expect(png.height).toBeCloseTo((svg.height * PNG_WIDTH) / svg.width, -0.5); // within 1.5 px
    expect(png.bitDepth).toBe(8);
    expect(png.bytes).toBe(png.height * (1 + png.width * png.channels!));
  });

  it('is deterministic: the same chart gives the same SVG and PNG bytes, whatever was drawn before', async () => {
    const again = await chartToSvg(charts[0]!.spec);
    expect(again).toBe(images[0]!.svg);
    expect(svgToPng(again).equals(images[0]!.png!)).toBe(true);
  });

  it('PNG width can be chosen', () => {
    expect(decodePng(svgToPng(images[0]!.svg, 400)).width).toBe(400);
  });
});

describe('text widths for the headless renderer', () => {
  it('use Helvetica/Arial advance widths', () => {
    // Adobe Helvetica AFM: "H" 722, "i" 222, space 278 (1/1000 em) -> at 10 px
    expect(textWidth('Hi ', 10)).toBeCloseTo(12.22, 10);
    expect(textWidth('Hi', 10, true)).toBeCloseTo(9.44 * 1.08, 10);
  });
});
