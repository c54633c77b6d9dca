import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { AuditResult } from '../../src/audit/contract/audit-result.js';
import { THRESHOLD_DEFAULTS } from '../../src/audit/contract/policy.js';
import { localizeResult } from '../../src/audit/rules/localize.js';
import { CATALOGUES, messageFor } from '../../src/audit/rules/messages.js';
import { phrasePairs } from '../../src/audit/rules/messages/phrases.js';
import { escapeHtml, escapeMarkdown, escapeXml } from '../../src/reports/escape.js';
import { REPORT_CATALOGUES } from '../../src/reports/i18n/index.js';
import { FORMATS, type RenderedOutput, renderOutputs } from '../../src/reports/render.js';
import { pilotResult } from '../support/audit-results.js';

/**
 * Issue 17, acceptance: every output format of the pilot rendered in Dutch; the test fails when a
 * catalogue key lacks a Dutch or an English entry (the key sets are compared), or when a rendered
 * Dutch output still holds an English sentence of a catalogue: a finding's English sentence, a
 * requirement reason, a rule text, or a report text (each cut at its filled-in parts, so that a
 * sentence with numbers is found by its words). The LL144 summary stays English (a New York form);
 * the JSON result keeps the rules' machine-readable verdict_rule texts in English and is checked
 * for its sentences only.
 */

/** At least this many words make a fragment a sentence worth looking for (shorter ones, like "impact ratio", are shared terms). */
const MIN_WORDS = 3;

const words = (s: string) => s.split(/\s+/).filter((x) => /\p{L}/u.test(x)).length;

/** The literal parts of a catalogue text between its placeholders and HTML tags. */
function fragments(template: string): string[] {
  return template
    .split(/\{\w+\}|<[^>]+>/)
    .map((f) => f.trim().replace(/^[\s.,;:()–—-]+|[\s.,;:()–—-]+$/g, ''))
    .filter((f) => words(f) >= MIN_WORDS);
}

/** Every English sentence or sentence part of the catalogues that a Dutch text must not contain. */
function englishFragments(result: AuditResult): Set<string> {
  const dutchTexts = [...Object.values(REPORT_CATALOGUES.nl), ...Object.values(CATALOGUES.nl.reasons), ...(['threshold', 'source', 'set', 'title', 'evidence'] as const).flatMap((k) => phrasePairs(k).map((p) => p[1]))].join('\n');
  const english = [
    ...Object.values(REPORT_CATALOGUES.en),
    ...Object.values(CATALOGUES.en.reasons),
    ...(['threshold', 'source', 'set', 'title', 'evidence'] as const).flatMap((k) => phrasePairs(k).filter(([en, nl]) => en !== nl).map(([en]) => en)),
  ].flatMap(fragments);
  // the English sentence of every finding of this result, written from its evidence
  const sentences = result.findings.filter((f) => !f.requirement).map((f) => messageFor(f.code, f.evidence, f.subject, f.status, 'en'));
  // a fragment that the Dutch catalogue itself uses (a citation, a name) is not English prose
  return new Set([...english, ...sentences].filter((f) => !dutchTexts.includes(f)));
}

/** The ways a text can appear in an output: as written and escaped for the output's format. */
const forms = (text: string) => [...new Set([text, escapeHtml(text), escapeXml(text), escapeMarkdown(text)])];

function englishIn(output: RenderedOutput, fragments: Set<string>): string[] {
  const content = typeof output.content === 'string' ? output.content : '';
  return [...fragments].filter((f) => forms(f).some((form) => content.includes(form)));
}

const textOf = (outputs: readonly RenderedOutput[]) => outputs.filter((o) => typeof o.content === 'string');

describe('report catalogues', () => {
  it('Dutch and English have the same keys, and no Dutch entry is empty', () => {
    expect(Object.keys(REPORT_CATALOGUES.nl).sort()).toEqual(Object.keys(REPORT_CATALOGUES.en).sort());
    for (const [key, text] of Object.entries(REPORT_CATALOGUES.nl)) expect(text.trim(), key).not.toBe('');
    // the rules' catalogues too (tests/audit/rules/localize.test.ts checks their contents)
    expect(Object.keys(CATALOGUES.nl.findings).sort()).toEqual(Object.keys(CATALOGUES.en.findings).sort());
    expect(Object.keys(CATALOGUES.nl.reasons).sort()).toEqual(Object.keys(CATALOGUES.en.reasons).sort());
  });

  it('every placeholder of an English entry is in its Dutch entry, and the other way round', () => {
    const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    for (const [key, text] of Object.entries(REPORT_CATALOGUES.en)) expect(placeholders(REPORT_CATALOGUES.nl[key as keyof typeof REPORT_CATALOGUES.nl]), key).toEqual(placeholders(text));
  });

  it('every threshold of the policy has the source of its default in both languages', () => {
    for (const name of Object.keys(THRESHOLD_DEFAULTS)) {
      expect(Object.hasOwn(REPORT_CATALOGUES.en, `thresholdSource.${name}`), name).toBe(true);
      expect(Object.hasOwn(REPORT_CATALOGUES.nl, `thresholdSource.${name}`), name).toBe(true);
    }
  });
});

/** Golden audits whose sections the pilot lacks: every family (100k), strata and Simpson (UCB departments), error rates. */
const GOLDENS = ['generated-100k', 'ucb-departments', 'error-rates-pilot'];

describe.each(GOLDENS)('the golden audit %s in Dutch', async (name) => {
  const english = AuditResult.parse(JSON.parse(await readFile(new URL(`../golden/results/${name}.json`, import.meta.url), 'utf8')));
  const dutch = localizeResult(english, 'nl');
  const fragments = englishFragments(english);
  const outputs = await renderOutputs(dutch, ['md', 'html', 'junit', 'or-brief']);

  it.each(outputs.map((o) => [o.fileName, o] as const))('%s holds no English sentence of a catalogue', (_, output) => {
    expect(englishIn(output, fragments)).toEqual([]);
  });
});

describe('every output format of the pilot in Dutch', async () => {
  const english = await pilotResult();
  const dutch = localizeResult(english, 'nl');
  const fragments = englishFragments(english);
  const outputs = await renderOutputs(dutch, FORMATS);

  it('renders every format', () => {
    expect(new Set(outputs.map((o) => o.format))).toEqual(new Set(FORMATS));
    expect(outputs.filter((o) => o.format === 'png').length).toBeGreaterThan(0);
  });

  it('the detector finds English sentences in the English outputs (so that finding none in Dutch means something)', async () => {
    const en = await renderOutputs(english, ['md', 'html', 'junit', 'or-brief']);
    for (const o of en) expect(englishIn(o, fragments).length, o.fileName).toBeGreaterThan(10);
  });

  it.each(textOf(outputs).filter((o) => o.format !== 'll144' && o.format !== 'json').map((o) => [o.fileName, o] as const))('%s holds no English sentence of a catalogue', (_, output) => {
    expect(englishIn(output, fragments)).toEqual([]);
  });

  it('is written in Dutch: html lang, decimal commas, dates written out', () => {
    const html = outputs.find((o) => o.fileName === 'report.html')!.content as string;
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="nl">/);
    expect(html).toContain('29,1%');
    const brief = outputs.find((o) => o.fileName === 'or-brief.md')!.content as string;
    expect(brief).toContain('22 november 2026');
    expect(brief).toContain('## Waar het instrument groepen benadeelt');
  });

  it('the JSON result says its language and has Dutch sentences, with the same statuses and numbers', () => {
    const json = JSON.parse(outputs.find((o) => o.format === 'json')!.content as string) as AuditResult;
    expect(json.policy.language).toBe('nl');
    expect(json.summary).toEqual(english.summary);
    expect(json.findings.map((f) => [f.code, f.status, f.evidence])).toEqual(english.findings.map((f) => [f.code, f.status, f.evidence]));
    const stillEnglish = json.findings.filter((f) => fragments.has(f.message));
    expect(stillEnglish).toEqual([]);
  });

  it('the LL144 summary stays English (a New York form)', () => {
    const ll144 = outputs.find((o) => o.fileName === 'll144-summary.md')!.content as string;
    expect(ll144).toContain('Selection rates: vendor_x / cv_screen');
  });
});
