import type { Declarations } from '../../contract/declarations.js';
import type { Outcome, RuleContext, RuleSet } from './rule.js';

/** WOR art. 2(1): from this many persons working in the enterprise, a works council is mandatory. */
const MANDATORY_FROM = 50;

type ConsentRight = keyof NonNullable<Declarations['worksCouncilConsent']>;

const VERIFIED = 'no (declared, not verified)';

/** Contract columns that record what recruiters (persons working in the enterprise) do. */
const REVIEWER_COLUMNS = ['reviewer_id', 'review_seconds', 'human_override'];

/**
 * Does the enterprise have a works council whose consent the tool needs? `applies` when one
 * exists; `not_applicable` when fewer than 50 persons work there and there is none (a staff
 * representation under art. 35c has consent rights only on working hours and working conditions,
 * art. 27(1)(b),(d)); `missing` when 50 or more work there and there is none; null when undeclared.
 */
function council(d: Declarations): 'applies' | 'not_applicable' | 'missing' | null {
  if (d.worksCouncil === true) return 'applies';
  if (d.worksCouncil === false && d.headcount !== undefined) return d.headcount < MANDATORY_FROM ? 'not_applicable' : 'missing';
  return null;
}

/** Art. 2(1): is a works council required, and is there one? */
function required(ctx: RuleContext): Outcome {
  const { worksCouncil, headcount } = ctx.declarations;
  const evidence = { works_council: worksCouncil === undefined ? 'not declared' : String(worksCouncil), headcount: headcount ?? null, mandatory_from: MANDATORY_FROM, verified: VERIFIED };
  if (worksCouncil === true) return { status: 'pass', reason: 'works_council_exists', evidence };
  if (headcount !== undefined && headcount < MANDATORY_FROM) return { status: 'pass', reason: 'works_council_not_required', evidence };
  if (worksCouncil === false && headcount !== undefined) return { status: 'fail', reason: 'works_council_required', evidence };
  return { status: 'not_assessed', reason: worksCouncil === undefined && headcount === undefined ? 'not_declared' : 'partly_declared', evidence: { ...evidence, declaration: 'worksCouncil, headcount' } };
}

/**
 * One consent right of art. 27(1): consent must come before the regulation is carried out, so the
 * consent date is compared with the tool's first use (else with the audit date: the audited
 * decisions were taken by then). Without consent, art. 27(5) decides what the decision is worth;
 * that is said in the verdict's sentence, not as a status of its own.
 */
function consent(right: ConsentRight) {
  return (ctx: RuleContext): Outcome => {
    const d = ctx.declarations;
    const applies = council(d);
    const reviewers = ctx.result.dataset.columns.filter((c) => REVIEWER_COLUMNS.includes(c));
    const observed = right === 'hiringPolicy' ? {} : { recruiter_columns_in_data: reviewers.length > 0 ? reviewers.join(', ') : 'none' };
    if (applies === null) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: 'worksCouncil, headcount' } };
    if (applies === 'not_applicable') return { status: 'pass', reason: 'wor_not_applicable', evidence: { works_council: 'false', headcount: d.headcount ?? null, mandatory_from: MANDATORY_FROM } };
    if (applies === 'missing') return { status: 'warn', reason: 'council_missing', evidence: { works_council: 'false', headcount: d.headcount ?? null, mandatory_from: MANDATORY_FROM } };
    const given = d.worksCouncilConsent?.[right];
    if (given === undefined) return { status: 'not_assessed', reason: 'not_declared', evidence: { declaration: `worksCouncilConsent.${right}`, ...observed } };
    const firstUse = d.toolFirstUseDate;
    const evidence = { consent: given === false ? 'not given' : given, first_use: firstUse ?? 'not declared', audit_date: ctx.auditDate, ...observed, verified: VERIFIED };
    if (given === false) {
      if (firstUse === undefined) return { status: 'fail', reason: 'consent_not_given', evidence };
      return firstUse > ctx.auditDate ? { status: 'warn', reason: 'consent_needed_before_use', evidence } : { status: 'fail', reason: 'decided_without_consent', evidence };
    }
    if (firstUse === undefined) return given <= ctx.auditDate ? { status: 'pass', reason: 'consent_before_audit', evidence } : { status: 'fail', reason: 'decided_without_consent', evidence };
    if (given <= firstUse) return { status: 'pass', reason: 'consent_before_use', evidence };
    return given <= ctx.auditDate ? { status: 'warn', reason: 'consent_after_use', evidence } : { status: 'fail', reason: 'decided_without_consent', evidence };
  };
}

const CONSENT_THRESHOLD =
  'no consent, or consent only after the audited decisions => fail; consent given after first use, or not yet given with first use still ahead => warn; fewer than 50 persons and no works council => not applicable';

/**
 * Wet op de ondernemingsraden (Works Councils Act): the employer needs the works council's consent
 * (instemming) before it adopts or changes a regulation on hiring, on personal data of persons
 * working in the enterprise, or on facilities that can monitor them (art. 27(1)(e),(k),(l)). A
 * recruitment tool is typically all three: it carries out the hiring policy, it processes the data
 * of internal candidates, and its review logs record what each recruiter decides and how quickly.
 * Art. 27(3): no consent is needed where a collective agreement regulates the matter in substance.
 * The letters of art. 27(1) were checked against secondary sources (SER, law-firm and OR-practice
 * pages; the issue that asked for this set had (d), (k) and (l)), not the official text [U].
 */
export const wor: RuleSet = {
  id: 'wor',
  name: 'Wet op de ondernemingsraden (WOR)',
  edition: 'Wet op de ondernemingsraden (BWBR0002747), art. 2, 27 and 35c as in force 2026; letters from secondary sources [U]',
  dates: {},
  note: 'Binding Dutch law for enterprises in the Netherlands; declarations only, nothing in decision data shows consent.',
  rules: [
    {
      id: 'WOR-2',
      title: 'A works council (ondernemingsraad) where 50 or more persons work (WOR art. 2)',
      source: 'WOR art. 2(1); below 50 persons: art. 35b-35c (staff representation, no consent right on hiring, data or monitoring)',
      threshold: '50 or more persons as a rule and no works council => fail; fewer than 50 => not required',
      kind: 'law',
      evaluate: required,
    },
    {
      id: 'WOR-27(1)(e)',
      title: 'Works council consent to the hiring policy the tool carries out (WOR art. 27(1)(e))',
      source: 'WOR art. 27(1)(e) (aanstellingsbeleid), 27(4)-(5)',
      threshold: CONSENT_THRESHOLD,
      kind: 'law',
      evaluate: consent('hiringPolicy'),
    },
    {
      id: 'WOR-27(1)(k)',
      title: 'Works council consent to the processing of personal data of persons working in the enterprise (WOR art. 27(1)(k))',
      source: 'WOR art. 27(1)(k), 27(4)-(5); applies where the tool handles data of internal candidates or of the recruiters who review its decisions',
      threshold: CONSENT_THRESHOLD,
      kind: 'law',
      evaluate: consent('personalData'),
    },
    {
      id: 'WOR-27(1)(l)',
      title: 'Works council consent to a system that can observe or check behaviour or performance (WOR art. 27(1)(l))',
      source: 'WOR art. 27(1)(l), 27(4)-(5); review logs (reviewer, time taken, overrides) record how each recruiter works',
      threshold: CONSENT_THRESHOLD,
      kind: 'law',
      evaluate: consent('monitoring'),
    },
  ],
};
