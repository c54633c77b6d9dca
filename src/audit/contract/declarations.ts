import * as z from 'zod';

/**
 * Vendor and employer declarations: facts an audit cannot see in decision data (was the
 * candidate told, is there a DPIA, does the tool infer emotions from faces…). They are part of
 * the policy file, reported as "declared, not verified", and turn requirement rules from
 * `not_assessed` into a verdict. Every key is optional: a missing declaration is not a "no".
 */
const IsoDate = z.iso.date().describe('ISO date, e.g. 2026-03-01');
const Share = z.number().min(0).max(1);
const Consent = z.union([IsoDate, z.literal(false)]);

export const Declarations = z
  .strictObject({
    vacancyNamesInstruments: z.boolean().describe('NVP §2.3: the vacancy/profile names the selection instruments and extra procedures'),
    alternativeRoute: z.boolean().describe('NVP §3.2: candidates can ask for a procedure without the tool'),
    validationStudy: z.string().min(1).describe('NVP §3.4, UGESP 1607.5: reference to the validation study of the tool'),
    limitationsDocumented: z.boolean().describe('NVP §3.4: the tool\'s risks and shortcomings are documented for the employer'),
    reasonedOutcomeOnRequest: z.boolean().describe('NVP §3.4/ch. 4: a reasoned result is given on request'),
    resultsToCandidateFirst: z.boolean().describe('NVP ch. 4: assessment results go to the candidate before the employer, with consent before release'),
    thirdPartyDataWithoutConsent: z.boolean().describe('NVP §4.1: inputs from internet/social media/third parties used without prior consent'),
    retentionDays: z.number().int().nonnegative().describe('NVP §5.3: days applicant data are kept after rejection'),
    retentionConsent: z.boolean().describe('NVP §5.3: explicit consent to keep data longer'),
    complaintRoute: z.boolean().describe('NVP §6: a complaints procedure exists'),
    candidatesInformedOfAdm: z.boolean().describe('AVG art. 13(2)(f)/14(2)(g), AI Act art. 26(11): candidates are told automated decision-making/an AI system is used'),
    explanationCoverage: Share.describe('AVG art. 15(1)(h), C-203/22: share of rejected candidates who can get meaningful information on the logic applied'),
    humanFinalDecision: z.boolean().describe('AVG art. 22: a person takes the final decision on rejections'),
    art22Basis: z.enum(['none', 'contract', 'law', 'consent']).describe('AVG art. 22(2): the legal basis for solely automated decisions, if any'),
    contestChannel: z.boolean().describe('AVG art. 22(3): candidates can obtain human intervention, express a view and contest'),
    specialCategoryInputs: z.boolean().describe('AVG art. 9/22(4): the tool uses special-category data (health, ethnicity, biometrics…) as input'),
    dpiaDate: IsoDate.describe('AVG art. 35: date the DPIA was completed'),
    emotionRecognition: z.boolean().describe('AI Act art. 5(1)(f): the tool infers emotions from face, voice or other biometric data'),
    profilesPersons: z.boolean().describe('AI Act art. 6(3): the system profiles natural persons (then never exempt from high-risk)'),
    testPlanPreDeclared: z.boolean().describe('AI Act art. 9(6)-(8): test metrics and thresholds defined before testing'),
    logRetentionMonths: z.number().nonnegative().describe('AI Act art. 12/19/26(6): months automatic logs are kept'),
    perGroupMetricsDeclared: z.boolean().describe('AI Act art. 13(3)(b): instructions state accuracy for specific groups'),
    oversightStaffTrained: z.boolean().describe('AI Act art. 14/26(2): oversight by competent, trained staff with authority to override'),
    workersRepresentativesInformed: z.boolean().describe('AI Act art. 26(7): workers\' representatives informed before use'),
    deployerType: z.enum(['private', 'public', 'public_service']).describe('AI Act art. 27: FRIA duty for public bodies and public-service providers'),
    friaDone: z.boolean().describe('AI Act art. 27: fundamental-rights impact assessment done'),
    toolDistributionDate: IsoDate.describe('LL144 §5-303: date the tool was first distributed/used'),
    employerCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code in capitals, e.g. NL')
      .describe('Country of the employer that uses the tool (ISO 3166-1 alpha-2); NL adds the WOR rule set to the default requirement sets'),
    worksCouncil: z.boolean().describe('WOR art. 2: the enterprise has a works council (ondernemingsraad)'),
    headcount: z.number().int().nonnegative().describe('WOR art. 2(1): persons who as a rule work in the enterprise; from 50 a works council is mandatory'),
    worksCouncilConsent: z
      .strictObject({
        hiringPolicy: Consent.describe('WOR art. 27(1)(e): the regulation on hiring (aanstellingsbeleid) that the tool is part of'),
        personalData: Consent.describe('WOR art. 27(1)(k): the regulation on processing personal data of persons working in the enterprise (internal candidates, the recruiters whose reviews are logged)'),
        monitoring: Consent.describe('WOR art. 27(1)(l): the regulation on facilities that can observe or check the presence, behaviour or performance of persons working in the enterprise'),
      })
      .partial()
      .describe('WOR art. 27: per consent right, the date the works council consented, or false when it has not'),
    toolFirstUseDate: IsoDate.describe('WOR art. 27: date the tool was (or will be) first used on candidates; consent must come before it'),
  })
  .partial();
export type Declarations = z.infer<typeof Declarations>;
