import type { AuditResult, Finding } from '../contract/audit-result.js';
import { type Language, languageOf } from '../contract/policy.js';
import { CATALOGUES, messageFor, REASON_KEYS, requirementMessage } from './messages.js';
import { phrase } from './messages/phrases.js';

/**
 * A finding or a whole AuditResult in another report language: the finding sentences written
 * again from code, evidence, subject and status (messages/<lang>.ts), and the rule texts the
 * result stores (source, threshold, rule set name and edition, requirement title) translated
 * through messages/phrases.ts. Numbers, statuses, codes and the sections' machine-readable
 * verdict_rule texts are left as they are. An audit in Dutch writes its findings this way, and
 * `hireaudit report --lang` re-words a saved result before rendering it.
 */
const LANGUAGES = Object.keys(CATALOGUES) as Language[];

/** The reason key behind a requirement verdict's sentence, found by writing each candidate again. */
function requirementReason(f: Finding & { requirement: NonNullable<Finding['requirement']> }): string | null {
  // a duty not yet in force names its date: only then can the reason be a ".before_effect" one
  const candidates = typeof f.evidence['applies_from'] === 'string' ? REASON_KEYS : REASON_KEYS.filter((k) => !k.endsWith('.before_effect'));
  for (const lang of LANGUAGES) {
    const reason = candidates.find((key) => requirementMessage(f.requirement.title, f.status, key, f.evidence, lang) === f.message);
    if (reason !== undefined) return reason;
  }
  return null;
}

const isKnown = (code: string) => Object.hasOwn(CATALOGUES.en.findings, code) || Object.hasOwn(CATALOGUES.en.findings, `${code}.pass`);

/** One finding in the language: a sentence this version cannot place (another version's, an extension family's) stays as it is. */
export function localizeFinding(f: Finding, lang: Language): Finding {
  const rule = { ...f.rule, source: phrase('source', f.rule.source, lang), threshold: phrase('threshold', f.rule.threshold, lang) };
  if (f.requirement) {
    const reason = requirementReason(f as Finding & { requirement: NonNullable<Finding['requirement']> });
    const title = phrase('title', f.requirement.title, lang);
    const requirement = { ...f.requirement, set_name: phrase('set', f.requirement.set_name, lang), edition: phrase('set', f.requirement.edition, lang), title };
    const message = reason === null ? f.message : requirementMessage(title, f.status, reason, f.evidence, lang);
    return { ...f, rule, message, requirement };
  }
  const message = isKnown(f.code) ? messageFor(f.code, f.evidence, f.subject, f.status, lang) : f.message;
  return { ...f, rule, message };
}

/**
 * The result in the language, with policy.language saying so; the same object when it already is
 * (an English result without a language stays byte for byte the same).
 */
export function localizeResult(result: AuditResult, lang: Language): AuditResult {
  if (languageOf(result.policy) === lang) return result;
  return { ...result, policy: { ...result.policy, language: lang }, findings: result.findings.map((f) => localizeFinding(f, lang)) };
}
