import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { AuditResult, Finding } from '../../src/audit/contract/audit-result.js';
import { renderJunit } from '../../src/reports/junit.js';
import { pilotResult } from '../support/audit-results.js';

/** Jenkins' JUnit schema (xunit-plugin junit-10.xsd); provenance in tests/fixtures/junit/README.md. */
const XSD = readFileSync(new URL('../fixtures/junit/junit-10.xsd', import.meta.url), 'utf8');

async function expectValid(xml: string) {
  const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [XSD] });
  expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(result.valid).toBe(true);
}

const count = (xml: string, re: RegExp) => [...xml.matchAll(re)].length;

describe('JUnit XML', async () => {
  const result = await pilotResult();
  const xml = renderJunit(result);

  it('validates against the JUnit schema CI systems read', async () => {
    await expectValid(xml);
  });

  it('has one test case per finding: failures for fail, skipped for insufficient evidence and not assessed', () => {
    const { counts } = result.summary;
    expect(count(xml, /<testcase /g)).toBe(result.findings.length);
    expect(count(xml, /<failure /g)).toBe(counts.fail);
    expect(count(xml, /<skipped type="insufficient_evidence"/g)).toBe(counts.insufficient_evidence);
    expect(count(xml, /<skipped type="not_assessed"/g)).toBe(counts.not_assessed);
    expect(count(xml, /<system-out>WARN: /g)).toBe(counts.warn);
    expect(xml).toMatch(new RegExp(`<testsuites name="hireaudit: pilot-cv-screen.csv" tests="${result.findings.length}" failures="${counts.fail}" errors="0" time="0">`));
  });

  it('names each case by rule id and a readable subject, unique within its suite, with the evidence', () => {
    const f = result.findings.find((x) => x.status === 'fail' && x.code === 'disparity.selection_rate' && x.subject.groups?.['age_band'] === '50+' && Object.keys(x.subject.groups).length === 1)!;
    const name = `vendor_x / ${f.subject.stage} / age_band=50+ vs age_band=${f.subject.reference!['age_band']}`;
    const at = xml.indexOf(`<testcase classname="UGESP-4D" name="${name}" time="0">`);
    expect(at).toBeGreaterThan(0);
    const testcase = xml.slice(at, xml.indexOf('</testcase>', at));
    expect(testcase).toContain(`  impact_ratio: ${f.evidence['impact_ratio']}`);
    expect(testcase).toContain('rule: UGESP-4D (guidance (US))');
    for (const suite of xml.split('<testsuite ').slice(1)) {
      const names = [...suite.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => `${m[1]}|${m[2]}`);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('groups requirement verdicts by rule set, with the edition as a property', () => {
    const sets = new Set(result.findings.flatMap((f) => (f.requirement ? [f.requirement.set] : [])));
    for (const set of sets) expect(xml).toContain(`<testsuite name="requirement.${set}"`);
    expect(xml).toContain('<property name="requirement.edition" value=');
  });

  it('stays valid with markup, quotes, newlines and control characters in the text', async () => {
    const nasty = '<b>"A & B"</b>\n\ttab \u0001 end ]]>';
    const finding: Finding = {
      code: 'x.<odd>&',
      status: 'fail',
      subject: { tool: nasty, stage: null, groups: { 'a"b': '<c>' }, reference: null },
      evidence: { [nasty]: nasty, n: 3, none: null },
      rule: { id: nasty, source: nasty, threshold: nasty, kind: 'convention' },
      message: nasty,
    };
    const odd: AuditResult = { ...result, dataset: { ...result.dataset, source: nasty }, findings: [finding, { ...finding, status: 'not_assessed' }] };
    await expectValid(renderJunit(odd));
  });

  it('the schema check is not vacuous: a testcase without a name is refused', async () => {
    const broken = xml.replace(/<testcase classname="([^"]*)" name="[^"]*"/, '<testcase classname="$1"');
    const check = await validateXML({ xml: [{ fileName: 'junit.xml', contents: broken }], schema: [XSD] });
    expect(check.valid).toBe(false);
  });

  it('is deterministic: no timestamps, no durations', () => {
    expect(renderJunit(result)).toBe(xml);
    expect(xml).not.toMatch(/timestamp=|hostname=|time="[^0]/);
  });
});
