import type { Finding } from '../audit/contract/audit-result.js';
import type { ReportKey, Words } from './i18n/index.js';

/**
 * What every report shares: the severity order, the evidence a report shows, and the English number
 * formatting of the LL144 summary (a New York form, always English). The other reports take their
 * words and numbers from ./i18n in the result's language.
 */

/** Most severe first: the order findings are listed in (the contract's one severity order). */
export { STATUS_SEVERITY as STATUS_ORDER } from '../audit/contract/audit-result.js';

/**
 * Evidence keys whose values are the rules' English provenance texts (verdict rules, notes): the
 * JSON result keeps them, and a report in another language leaves them out rather than mix
 * languages; the finding's sentence says the same in the report's language.
 */
const PROSE_KEYS = /(^|_)(rule|note|needs|missing)$|^(fragile_groups|never_override_list|crossings)$/;

/** The words the rules write as evidence values (declarations), as a report in another language says them. */
const EVIDENCE_WORDS: Record<string, ReportKey> = {
  'no (declared, not verified)': 'evidence.notVerified',
  'not declared': 'evidence.notDeclared',
  'not given': 'evidence.notGiven',
  true: 'evidence.true',
  false: 'evidence.false',
  yes: 'evidence.yes',
  no: 'evidence.no',
  none: 'evidence.none',
  high: 'risk.high',
  medium: 'risk.medium',
  low: 'risk.low',
  present: 'evidence.present',
  absent: 'evidence.absent',
  not_assessable: 'label.notAssessed',
  scoring: 'stab.kind.scoring',
  selection: 'stab.kind.selection',
  insufficient: 'band.insufficient',
  sufficient: 'band.sufficient',
  good: 'band.good',
  pass: 'fourFifths.pass',
  fail: 'fourFifths.fail',
  warn: 'evidence.warn',
  insufficient_evidence: 'reading.insufficient_evidence',
};

/** Evidence keys whose values are those words (declared values and yes/no flags), never names of groups or stages. */
const WORD_KEYS = /^(verified|declared|consent|first_use|works_council|contest_channel|art22_basis|recruiter_columns_in_data|spearman_exact|one_selection_flip|risk|rubber_stamp_risk|kind|verdict|four_fifths|rating|rating_corrected|\w+_signal|[a-z]+[A-Z]\w*)$/;

/** A finding's evidence as a report in this language shows it: numbers as they are, known words translated. */
export function shownEvidence(f: Finding, w: Words): [string, number | string | null][] {
  const entries = Object.entries(f.evidence);
  if (w.lang === 'en') return entries;
  const word = (k: string, v: number | string | null) => (typeof v === 'string' && WORD_KEYS.test(k) && EVIDENCE_WORDS[v] ? w.t(EVIDENCE_WORDS[v]!) : v);
  return entries.filter(([k]) => !PROSE_KEYS.test(k)).map(([k, v]) => [k, word(k, v)]);
}

export const pct = (x: number | null, digits = 1) => (x === null ? '–' : `${(x * 100).toFixed(digits)}%`);
export const fix = (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits));

/** {"gender":"female","ethnicity":"B"} -> "gender=female × ethnicity=B". */
export const groupText = (g: Record<string, string> | null) =>
  g === null ? '–' : Object.entries(g).map(([k, v]) => `${k}=${v}`).join(' × ');

/** "vendor_x / cv_screen", or just the stage when the data names no tool. */
export const stageText = (tool: string | null, stage: string) => (tool ? `${tool} / ${stage}` : stage);
