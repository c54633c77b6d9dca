import type { AuditResult, Finding } from '../audit/contract/audit-result.js';
import { escapeXml, escapeXmlAttribute } from './escape.js';
import { shownEvidence } from './format.js';
import { type Words, wordsFor } from './i18n/index.js';

/**
 * JUnit XML for CI systems (Jenkins, GitLab, GitHub test-report actions): one test suite per
 * finding code (requirement verdicts: per rule set), one test case per finding. Valid against Jenkins' junit-10.xsd
 * (tests/fixtures/junit/). Status mapping:
 *   fail                  -> <failure>: the only status that turns a test red
 *   warn                  -> a passing test whose <system-out> starts with "WARN" (a warning is not a
 *                            test failure; `--fail-on warn` fails the build through the exit code)
 *   insufficient_evidence -> <skipped>: too little data to judge; a passed test would read as a pass,
 *                            which too little data never is
 *   not_assessed          -> <skipped>: needs a declaration the policy does not have
 *   pass                  -> a passing test
 * testcase classname = the rule's requirement id, name = a readable subject (unique in its suite).
 * The schema has no per-testcase <properties>, so each finding's evidence goes to <system-out>;
 * a suite's <properties> name the dataset, the generator and the rule when the suite has one rule.
 * Times are 0 and there is no timestamp: the same AuditResult gives the same bytes.
 */

// XML escapes (control characters XML 1.0 forbids are dropped) are those of ./escape.ts.
const text = escapeXml;
const attr = escapeXmlAttribute;

const property = (name: string, value: string) => `      <property name="${attr(name)}" value="${attr(value)}"/>`;

function details(f: Finding, w: Words): string {
  const { t } = w;
  const evidence = shownEvidence(f, w).map(([k, v]) => `  ${k}: ${v === null ? 'null' : w.lang === 'en' || typeof v !== 'number' ? String(v) : String(v).replace('.', ',')}`);
  return [
    `${f.status === 'warn' ? `${t('junit.warnPrefix')} ` : ''}${f.message}`,
    '',
    `${t('junit.status')}: ${w.lang === 'en' ? f.status : w.status(f.status).toLowerCase()}`,
    `${t('junit.rule')}: ${f.rule.id} (${w.kind(f.rule.kind)})`,
    `${t('junit.source')}: ${f.rule.source}`,
    `${t('junit.threshold')}: ${f.rule.threshold}`,
    ...(evidence.length ? [`${t('junit.evidence')}:`, ...evidence] : []),
  ].join('\n');
}

function outcome(f: Finding, w: Words): string {
  switch (f.status) {
    case 'fail':
      return `      <failure type="fail" message="${attr(f.message)}">${text(details(f, w))}</failure>\n`;
    case 'insufficient_evidence':
      return `      <skipped type="insufficient_evidence" message="${attr(w.t('junit.insufficient', { message: f.message }))}"/>\n`;
    case 'not_assessed':
      return `      <skipped type="not_assessed" message="${attr(w.t('junit.notAssessed', { message: f.message }))}"/>\n`;
    default:
      return '';
  }
}

function testcase(f: Finding, name: string, w: Words): string {
  return (
    `    <testcase classname="${attr(f.rule.id)}" name="${attr(name)}" time="0">\n` +
    outcome(f, w) +
    `      <system-out>${text(details(f, w))}</system-out>\n` +
    '    </testcase>\n'
  );
}

/** Readable names, made unique within a suite by a counter in order of appearance. */
function uniqueNames(findings: readonly Finding[], w: Words): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = w.subject(f);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function testsuite(code: string, findings: readonly Finding[], result: AuditResult, w: Words): string {
  const count = (s: Finding['status'][]) => findings.filter((f) => s.includes(f.status)).length;
  const rules = [...new Set(findings.map((f) => JSON.stringify(f.rule)))];
  const props = [
    property('dataset', result.dataset.source),
    property('dataset.hash', result.dataset.hash),
    property('generator', `hireaudit ${result.generator.version}`),
    property('schemaVersion', result.schemaVersion),
  ];
  const set = findings[0]?.requirement;
  if (set) props.push(property('requirement.set', set.set_name), property('requirement.edition', set.edition));
  if (rules.length === 1) {
    const rule = findings[0]!.rule;
    props.push(property('rule.id', rule.id), property('rule.source', rule.source), property('rule.threshold', rule.threshold), property('rule.kind', rule.kind));
  }
  const names = uniqueNames(findings, w);
  return (
    `  <testsuite name="${attr(code)}" tests="${findings.length}" failures="${count(['fail'])}" errors="0" skipped="${count(['insufficient_evidence', 'not_assessed'])}" time="0">\n` +
    `    <properties>\n${props.join('\n')}\n    </properties>\n` +
    findings.map((f, i) => testcase(f, names[i]!, w)).join('') +
    '  </testsuite>\n'
  );
}

/** Metric findings are grouped by code; requirement verdicts by rule set ("requirement.nvp"). */
const suiteOf = (f: Finding) => (f.requirement ? `requirement.${f.requirement.set}` : f.code);

export function renderJunit(result: AuditResult): string {
  const w = wordsFor(result);
  const suites = [...new Set(result.findings.map(suiteOf))];
  const failures = result.findings.filter((f) => f.status === 'fail').length;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="${attr(`hireaudit: ${result.dataset.source}`)}" tests="${result.findings.length}" failures="${failures}" errors="0" time="0">\n` +
    suites.map((suite) => testsuite(suite, result.findings.filter((f) => suiteOf(f) === suite), result, w)).join('') +
    '</testsuites>\n'
  );
}
