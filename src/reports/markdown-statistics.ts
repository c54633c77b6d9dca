import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { type Words, wordsFor } from './i18n/index.js';
import { statisticsTables } from './statistics-tables.js';

/**
 * The "Statistics behind the verdicts" section of the Markdown summary: the tables of
 * statistics-tables.ts (2x2 tests both ways, odds ratios, Bayes factors, CMH both ways with
 * Breslow-Day, strata, cut scores, error rates). Reads only the AuditResult.
 */
/** Every cell and note is escaped whole: they quote group values, stage, tool and stratum names. */
const cell = escapeMarkdown;
const table = (header: string[], rows: string[][]) => [
  `| ${header.map(cell).join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
];

export function statisticsMarkdown(result: AuditResult, w: Words = wordsFor(result)): string[] {
  const tables = statisticsTables(result, w);
  if (tables.length === 0) return [];
  const out = [`## ${w.t('stats.heading')}`, ''];
  for (const t of tables) out.push(`### ${t.title}`, '', `_${cell(t.note)}_`, '', ...table(t.header, t.rows), '');
  return out;
}
