import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { pilotResult } from '../support/audit-results.js';

describe('Markdown summary', () => {
  it('fits a CI job summary: the pilot renders under 1,000 lines, as tables', async () => {
    const md = renderMarkdown(await pilotResult());
    const lines = md.split('\n');
    expect(lines.length).toBeLessThan(1000);
    expect(md).toMatch(/^\| group \| n \| selected \| rate \(95% CI\) \|.*\|$/m);
    expect(md).toMatch(/^\| --- \| --- \|/m);
    // every table row has the header's number of cells
    const tables = md.split(/\n\n+/).filter((block) => block.startsWith('| '));
    expect(tables.length).toBeGreaterThan(3);
    for (const t of tables) {
      const cells = t.split('\n').map((row) => row.replaceAll('\\|', '').split('|').length);
      expect(new Set(cells).size).toBe(1);
    }
  });
});
