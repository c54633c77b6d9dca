import type { Finding } from '../contract/audit-result.js';
import type { Language } from '../contract/policy.js';
import { en, type FindingKey, type ReasonKey } from './messages/en.js';
import { nl } from './messages/nl.js';

/**
 * The one door to the prose of src/audit: a catalogue per language (messages/en.ts, messages/nl.ts,
 * same keys) of finding sentences (finding code + evidence -> one plain sentence for a recruiter)
 * and of the reasons of the requirement verdicts. Rules write findings in English through
 * finding(); an audit in another language re-words them (../localize.ts), and so does
 * `hireaudit report --lang`.
 */
type Evidence = Finding['evidence'];
type Subject = Finding['subject'];

export const CATALOGUES = { en, nl } as const;

/** A finding with its sentence: the one way rules build a finding. */
export function finding(code: string, status: Finding['status'], subject: Finding['subject'], evidence: Finding['evidence'], rule: Finding['rule']): Finding {
  return { code, status, subject, evidence, rule, message: messageFor(code, evidence, subject, status, 'en') };
}

const isFindingKey = (key: string): key is FindingKey => Object.hasOwn(en.findings, key);

/** The sentence of a finding in a language: from its code, evidence, subject and status alone. */
export function messageFor(code: string, evidence: Evidence, subject: Subject, status: Finding['status'], lang: Language): string {
  const pass = `${code}.pass`;
  const key = status === 'pass' && isFindingKey(pass) ? pass : code;
  if (!isFindingKey(key)) throw new Error(`no message template for finding code ${code}`);
  return CATALOGUES[lang].findings[key](evidence, subject, status);
}

const isReasonKey = (key: string): key is ReasonKey => Object.hasOwn(en.reasons, key);

/** The reasons a requirement verdict can give, with the ".before_effect" form of each (a duty not yet in force). */
export const REASON_KEYS: readonly string[] = Object.keys(en.reasons).flatMap((k) => [k, `${k}.before_effect`]);

export function requirementMessage(title: string, status: Finding['status'], reason: string, evidence: Evidence, lang: Language = 'en'): string {
  const beforeEffect = reason.endsWith('.before_effect');
  const key = beforeEffect ? reason.slice(0, -'.before_effect'.length) : reason;
  if (!isReasonKey(key)) throw new Error(`no message for requirement reason ${key}`);
  const catalogue = CATALOGUES[lang];
  const from = beforeEffect ? String(evidence['applies_from']) : null;
  return catalogue.requirement(title, catalogue.status[status], catalogue.reasons[key], from);
}
