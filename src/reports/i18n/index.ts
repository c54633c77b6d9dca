import type { AuditResult, Finding, FindingStatus } from '../../audit/contract/audit-result.js';
import { formatCount, formatDate, formatNumber, formatPercent } from '../../audit/contract/locale.js';
import { type Language, languageOf, type SourceKind } from '../../audit/contract/policy.js';
import { en, type ReportKey } from './en.js';
import { nl } from './nl.js';

/**
 * The words of the reports (headings, table headers, labels, chart titles and axes, JUnit
 * messages) in the report's language: the result's policy.language (a saved result re-worded by
 * `hireaudit report --lang` carries the language asked for). One catalogue per language with the
 * same keys (en.ts, nl.ts); `{name}` marks what is filled in. Numbers in English are written as
 * before (0.72, 40.0%, 4780); in Dutch with the decimal comma and grouped thousands (0,72; 40,0%;
 * 4.780), through src/audit/contract/locale.ts. The LL144 summary stays English (a New York form).
 */
export const REPORT_CATALOGUES: Record<Language, Record<ReportKey, string>> = { en, nl };
export type { ReportKey };

type Vars = Record<string, string | number>;

export interface Words {
  lang: Language;
  /** A catalogue text with its `{name}` parts filled in. */
  t(key: ReportKey, vars?: Vars): string;
  /** Whether the catalogue has this key (for keys made from data, e.g. a threshold's name). */
  has(key: string): key is ReportKey;
  status(s: FindingStatus): string;
  kind(k: SourceKind): string;
  /** A share as a percentage: 40.0% / 40,0%; '–' when missing. */
  pct(x: number | null, digits?: number): string;
  /** A number with fixed decimals: 0.72 / 0,72; '–' when missing. */
  fix(x: number | null, digits?: number): string;
  /** A p-value: 0.0312 / 0,0312, tiny ones in scientific notation 3.3e-22 / 3,3e-22. */
  pv(x: number | null): string;
  /** A count: 4780 / 4.780. */
  count(n: number): string;
  /** An ISO date: as it is in English, written out in Dutch (22 november 2026). */
  date(iso: string): string;
  ci(c: readonly [number, number] | null, f: (x: number) => string): string;
  groupText(g: Record<string, string> | null): string;
  stageText(tool: string | null, stage: string): string;
  /** A stable, readable subject for a finding: where, who, compared with whom. */
  subject(f: Finding): string;
  /** Why a row is not compared (the rules' English text of excluded_from_ir), in the language. */
  exclusion(text: string | null): string;
}

function fill(lang: Language, key: ReportKey, vars: Vars = {}): string {
  return REPORT_CATALOGUES[lang][key]!.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`report text ${key} (${lang}) needs {${name}}`);
    return String(v);
  });
}

const STATUS_KEYS: Record<FindingStatus, ReportKey> = {
  fail: 'status.fail',
  warn: 'status.warn',
  insufficient_evidence: 'status.insufficient_evidence',
  not_assessed: 'status.not_assessed',
  pass: 'status.pass',
};
const KIND_KEYS: Record<SourceKind, ReportKey> = {
  law: 'kind.law',
  'law-NYC': 'kind.law-NYC',
  guidance: 'kind.guidance',
  'guidance-US': 'kind.guidance-US',
  professional: 'kind.professional',
  convention: 'kind.convention',
};

function numbers(lang: Language) {
  if (lang === 'en') {
    return {
      pct: (x: number | null, digits = 1) => (x === null ? '–' : `${(x * 100).toFixed(digits)}%`),
      fix: (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits)),
      // four decimals; below 0.0001 in scientific notation (3.3e-22) so a tiny p keeps its size; never 0
      pv: (x: number | null) => (x === null ? '–' : x === 0 ? '<1e-300' : x < 0.0001 ? x.toExponential(1) : x.toFixed(4)),
      count: (n: number) => String(n),
      date: (iso: string) => iso,
    };
  }
  return {
    pct: (x: number | null, digits = 1) => (x === null ? '–' : formatPercent(x, lang, digits)),
    fix: (x: number | null, digits = 2) => (x === null ? '–' : formatNumber(x, lang, digits)),
    pv: (x: number | null) => (x === null ? '–' : x === 0 ? '<1e-300' : x < 0.0001 ? x.toExponential(1).replace('.', ',') : formatNumber(x, lang, 4)),
    count: (n: number) => formatCount(n, lang),
    date: (iso: string) => formatDate(iso, lang),
  };
}

const cache = new Map<Language, Words>();

function words(lang: Language): Words {
  const cached = cache.get(lang);
  if (cached) return cached;
  const t = (key: ReportKey, vars?: Vars) => fill(lang, key, vars);
  const groupText = (g: Record<string, string> | null) => (g === null ? '–' : Object.entries(g).map(([k, v]) => `${k}=${v}`).join(' × '));
  const stageText = (tool: string | null, stage: string) => (tool ? `${tool} / ${stage}` : stage);
  const w: Words = {
    lang,
    t,
    has: (key): key is ReportKey => Object.hasOwn(REPORT_CATALOGUES[lang], key),
    ...numbers(lang),
    status: (s) => t(STATUS_KEYS[s]),
    kind: (k) => t(KIND_KEYS[k]),
    ci: (c, f) => (c === null ? '–' : `${f(c[0])}–${f(c[1])}`),
    groupText,
    stageText,
    subject: (f) => {
      const { tool, stage, groups, reference } = f.subject;
      // A requirement verdict judges the whole audit: its title says what it is about.
      if (f.requirement && !tool && !stage && !groups) return f.requirement.title;
      const parts: string[] = [];
      if (tool) parts.push(tool);
      if (stage) parts.push(stage);
      const attributes = typeof f.evidence['attributes'] === 'string' ? f.evidence['attributes'] : null;
      if (groups) parts.push(groupText(groups));
      else if (attributes) parts.push(t('subject.allGroups', { attributes }));
      const who = parts.join(' / ') || t('subject.wholeAudit');
      return reference ? t('subject.versus', { who, reference: groupText(reference) }) : who;
    },
    exclusion: (text) => {
      if (text === null) return '–';
      if (lang === 'en') return text;
      if (text.startsWith('unknown category')) return t('excluded.unknown');
      if (text === 'no candidates') return t('excluded.none');
      if (text === 'no candidates the rate is defined over') return t('excluded.noneRate');
      const small = /^under ([\d.]+)% of the (stage|candidates the rate is defined over)/.exec(text);
      if (small === null) return text;
      return t(small[2] === 'stage' ? 'excluded.small' : 'excluded.smallRate', { share: small[1]!.replace('.', ',') });
    },
  };
  cache.set(lang, w);
  return w;
}

/** The words of a result's report language. */
export const wordsFor = (result: Pick<AuditResult, 'policy'>): Words => words(languageOf(result.policy));
