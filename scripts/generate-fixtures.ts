/**
 * Writes the fixture datasets under fixtures/: two synthetic pilots of a three-stage hiring funnel
 * (one with injected adverse impact, one without), the vendor summary of the first, the real
 * Berkeley 1973 admissions table, a machine-readable effects.json and a README.
 *
 * Deterministic: every draw comes from the seeded Mersenne Twister in src/audit/stats/rng.ts and
 * nothing reads the clock, so the output is byte-identical on every run.
 *
 *   npx tsx scripts/generate-fixtures.ts [outDir]     (default: fixtures/ beside this folder)
 *   npm run fixtures
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng, type Rng } from '../src/audit/stats/rng.js';
import { validityFixtures } from './fixtures/validity.js';
import { automationFixtures } from './fixtures/automation.js';
import { stabilityFixtures } from './fixtures/stability.js';
import { similarityFixtures } from './fixtures/similarity.js';
import { errorRateFixtures } from './fixtures/error-rates.js';

// ─── Funnel configuration ────────────────────────────────────────────────────────────────────────

export const STAGES = ['cv_screen', 'video_interview', 'assessment_game'] as const;
export type Stage = (typeof STAGES)[number];

interface StageConfig {
  /** Selection probability of every candidate not in an injected group. */
  readonly baseSelectionRate: number;
  /** Chance that a person reviews a row before it takes effect. */
  readonly reviewProbability: number;
  readonly medianReviewSeconds: number;
  /** The tool's score is Normal(mean for its own outcome, SD), clipped to 0..100. */
  readonly scoreMeanIfToolSelects: number;
  readonly scoreMeanIfToolRejects: number;
}

const SCORE_SD = 11;
/** A reviewer reverses the tool's outcome this often, independent of group and decision. */
const OVERRIDE_PROBABILITY = 0.05;
const REVIEWERS = ['r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'r07', 'r08'] as const;

const STAGE_CONFIG: Readonly<Record<Stage, StageConfig>> = {
  // The CV screen runs mostly unattended: 90% of its rows (rejections included) are never reviewed.
  cv_screen: {
    baseSelectionRate: 0.4,
    reviewProbability: 0.1,
    medianReviewSeconds: 40,
    scoreMeanIfToolSelects: 66,
    scoreMeanIfToolRejects: 41,
  },
  video_interview: {
    baseSelectionRate: 0.5,
    reviewProbability: 1,
    medianReviewSeconds: 240,
    scoreMeanIfToolSelects: 68,
    scoreMeanIfToolRejects: 44,
  },
  assessment_game: {
    baseSelectionRate: 0.45,
    reviewProbability: 1,
    medianReviewSeconds: 120,
    scoreMeanIfToolSelects: 70,
    scoreMeanIfToolRejects: 45,
  },
};

// ─── Protected attributes ────────────────────────────────────────────────────────────────────────

export const PROTECTED_ATTRIBUTES = ['gender', 'ethnicity', 'age_band'] as const;
export type ProtectedAttribute = (typeof PROTECTED_ATTRIBUTES)[number];

/** The empty string is the unknown category (design.md: empty ⇒ `unknown`). */
const UNKNOWN = '';

interface Category {
  readonly value: string;
  readonly share: number;
}

/** Known groups keep the requested proportions among the candidates whose value is known. */
function withUnknownShare(known: readonly Category[], unknownShare: number): readonly Category[] {
  return [
    ...known.map((c) => ({ value: c.value, share: c.share * (1 - unknownShare) })),
    { value: UNKNOWN, share: unknownShare },
  ];
}

const ATTRIBUTE_CATEGORIES: Readonly<Record<ProtectedAttribute, readonly Category[]>> = {
  gender: [
    { value: 'female', share: 0.48 },
    { value: 'male', share: 0.48 },
    { value: 'non-binary', share: 0.02 },
    { value: UNKNOWN, share: 0.02 },
  ],
  ethnicity: withUnknownShare(
    [
      { value: 'group_a', share: 0.7 },
      { value: 'group_b', share: 0.18 },
      { value: 'group_c', share: 0.12 },
    ],
    0.03,
  ),
  age_band: withUnknownShare(
    [
      { value: '<30', share: 0.35 },
      { value: '30-49', share: 0.45 },
      { value: '50+', share: 0.2 },
    ],
    0.01,
  ),
};

function knownGroups(attribute: ProtectedAttribute): string[] {
  return ATTRIBUTE_CATEGORIES[attribute].map((c) => c.value).filter((v) => v !== UNKNOWN);
}

// ─── Injected effects ────────────────────────────────────────────────────────────────────────────

export interface InjectedEffect {
  readonly stage: Stage;
  readonly attribute: ProtectedAttribute;
  readonly group: string;
  /** SR(group) / SR(every other known group), all of which share one selection probability. */
  readonly expectedImpactRatio: number;
  readonly mechanism: string;
}

function multiplierEffect(
  stage: Stage,
  attribute: ProtectedAttribute,
  group: string,
  ratio: number,
): InjectedEffect {
  const base = STAGE_CONFIG[stage].baseSelectionRate;
  return {
    stage,
    attribute,
    group,
    expectedImpactRatio: ratio,
    mechanism:
      `At ${stage}, selected ~ Bernoulli(${round(base * ratio, 4)}) for ${attribute}=${group} and ` +
      `Bernoulli(${base}) for every other candidate (other groups and unknown alike), so the expected ` +
      `impact ratio of ${group} against any other known ${attribute} group is ${ratio}. The score is ` +
      `drawn after the decision from a distribution that depends only on the tool's outcome.`,
  };
}

const PILOT_EFFECTS: readonly InjectedEffect[] = [
  multiplierEffect('cv_screen', 'age_band', '50+', 0.7),
  multiplierEffect('video_interview', 'ethnicity', 'group_b', 0.65),
];

interface PilotSpec {
  readonly file: string;
  readonly seed: number;
  readonly candidates: number;
  readonly effects: readonly InjectedEffect[];
}

const PILOT: PilotSpec = {
  file: 'pilot-cv-screen.csv',
  seed: 20260101,
  candidates: 6000,
  effects: PILOT_EFFECTS,
};
const NULL_PILOT: PilotSpec = { file: 'null-pilot.csv', seed: 20260202, candidates: 6000, effects: [] };
const VENDOR_SUMMARY_FILE = 'vendor-summary.csv';
const UCB_FILE = 'ucb-admissions.csv';
const UCB_DEPARTMENTS_FILE = 'ucb-admissions-departments.csv';

// ─── Candidates and their path through the funnel ────────────────────────────────────────────────

interface Candidate {
  readonly id: string;
  readonly attributes: Readonly<Record<ProtectedAttribute, string>>;
}

interface Review {
  readonly reviewerId: string;
  readonly seconds: number;
  readonly override: boolean;
}

interface StageRow {
  readonly candidate: Candidate;
  readonly stage: Stage;
  readonly selected: boolean;
  readonly score: number;
  readonly decidedAt: string;
  readonly review: Review | undefined;
}

/** Decisions fall in 2026-01-01 .. 2026-06-30 (181 days). */
const PERIOD_START_UTC = Date.UTC(2026, 0, 1);
const PERIOD_DAYS = 181;
const MAX_DAYS_BETWEEN_STAGES = 14;
const DAY_MS = 86_400_000;

function drawCandidate(rng: Rng, index: number): Candidate {
  const draw = (attribute: ProtectedAttribute): string => {
    const categories = ATTRIBUTE_CATEGORIES[attribute];
    return categories[rng.pick(categories.map((c) => c.share))]!.value;
  };
  return {
    id: `c${String(index + 1).padStart(6, '0')}`,
    // Drawn independently: no attribute predicts another.
    attributes: { gender: draw('gender'), ethnicity: draw('ethnicity'), age_band: draw('age_band') },
  };
}

function selectionProbability(
  candidate: Candidate,
  stage: Stage,
  effects: readonly InjectedEffect[],
): number {
  let probability = STAGE_CONFIG[stage].baseSelectionRate;
  for (const effect of effects) {
    if (effect.stage === stage && candidate.attributes[effect.attribute] === effect.group) {
      probability *= effect.expectedImpactRatio;
    }
  }
  return probability;
}

function drawReview(rng: Rng, stage: Stage): Review | undefined {
  const config = STAGE_CONFIG[stage];
  if (rng.uniform() >= config.reviewProbability) return undefined;
  const reviewerId = REVIEWERS[rng.int(REVIEWERS.length)]!;
  // Log-normal dwell time: most reviews near the median, a long right tail.
  const seconds = Math.max(1, Math.round(Math.exp(rng.normal(Math.log(config.medianReviewSeconds), 0.5))));
  return { reviewerId, seconds, override: rng.uniform() < OVERRIDE_PROBABILITY };
}

/**
 * The tool's score follows the tool's own outcome: the final decision, reversed when a reviewer
 * overrode it. Because neither the decision given the group nor the override depends on anything
 * but the stage, the score carries no group information beyond the decision.
 */
function drawScore(rng: Rng, stage: Stage, toolSelected: boolean): number {
  const config = STAGE_CONFIG[stage];
  const mean = toolSelected ? config.scoreMeanIfToolSelects : config.scoreMeanIfToolRejects;
  return round(Math.min(100, Math.max(0, rng.normal(mean, SCORE_SD))), 1);
}

function dayToIsoDate(day: number): string {
  return new Date(PERIOD_START_UTC + day * DAY_MS).toISOString().slice(0, 10);
}

function simulateFunnel(rng: Rng, candidate: Candidate, effects: readonly InjectedEffect[]): StageRow[] {
  const rows: StageRow[] = [];
  // First decisions leave room for two more stages before the period ends.
  let day = rng.int(PERIOD_DAYS - 2 * MAX_DAYS_BETWEEN_STAGES);
  for (const stage of STAGES) {
    // The final decision is drawn first, so its probability is exactly the configured one.
    const selected = rng.uniform() < selectionProbability(candidate, stage, effects);
    const review = drawReview(rng, stage);
    const toolSelected = review?.override === true ? !selected : selected;
    const score = drawScore(rng, stage, toolSelected);
    rows.push({ candidate, stage, selected, score, decidedAt: dayToIsoDate(day), review });
    if (!selected) break;
    day += 1 + rng.int(MAX_DAYS_BETWEEN_STAGES);
  }
  return rows;
}

/** One row per candidate per stage reached, ordered by candidate, then funnel order. */
function generatePilotRows(spec: PilotSpec): StageRow[] {
  const rng = createRng(spec.seed);
  const rows: StageRow[] = [];
  for (let i = 0; i < spec.candidates; i++) {
    rows.push(...simulateFunnel(rng, drawCandidate(rng, i), spec.effects));
  }
  return rows;
}

// ─── CSV ─────────────────────────────────────────────────────────────────────────────────────────

type Cell = string | number;

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

function formatCell(cell: Cell): string {
  // Numbers are rounded when drawn; this guard keeps every printed number to at most 4 decimals.
  const text = typeof cell === 'number' ? String(round(cell, 4)) : cell;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(formatCell).join(',')).join('\n') + '\n';
}

const PILOT_HEADER = [
  'candidate_id',
  'stage',
  'tool',
  'selected',
  'score',
  'decided_at',
  'reviewed_by_human',
  'review_seconds',
  'reviewer_id',
  'human_override',
  ...PROTECTED_ATTRIBUTES,
] as const;

function pilotCells(row: StageRow): Cell[] {
  const review = row.review;
  return [
    row.candidate.id,
    row.stage,
    'vendor_x',
    row.selected ? 1 : 0,
    row.score,
    row.decidedAt,
    review === undefined ? 0 : 1,
    review?.seconds ?? '',
    review?.reviewerId ?? '',
    review === undefined ? '' : review.override ? 1 : 0,
    ...PROTECTED_ATTRIBUTES.map((a) => row.candidate.attributes[a]),
  ];
}

// ─── Vendor summary ──────────────────────────────────────────────────────────────────────────────

const SUMMARY_HEADER = ['stage', ...PROTECTED_ATTRIBUTES, 'selected', 'count'] as const;

/** Counts pilot rows per (stage, attributes, selected): what a vendor sends instead of row data. */
function summariseRows(rows: readonly StageRow[]): Cell[][] {
  const counts = new Map<string, { key: Cell[]; count: number }>();
  for (const row of rows) {
    const key: Cell[] = [
      row.stage,
      ...PROTECTED_ATTRIBUTES.map((a) => row.candidate.attributes[a]),
      row.selected ? 1 : 0,
    ];
    const id = key.join('\u0000');
    const entry = counts.get(id) ?? { key, count: 0 };
    entry.count += 1;
    counts.set(id, entry);
  }
  return [...counts.values()].sort((a, b) => compareKeys(a.key, b.key)).map((e) => [...e.key, e.count]);
}

/** Funnel order for the stage, then plain code-unit order (locale-free, so stable everywhere). */
function compareKeys(a: readonly Cell[], b: readonly Cell[]): number {
  const stageOrder = (cell: Cell | undefined) => STAGES.indexOf(cell as Stage);
  const byStage = stageOrder(a[0]) - stageOrder(b[0]);
  if (byStage !== 0) return byStage;
  for (let i = 1; i < a.length; i++) {
    const x = String(a[i]);
    const y = String(b[i]);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

// ─── Berkeley 1973 graduate admissions ───────────────────────────────────────────────────────────

/**
 * Bickel, Hammel & O'Connell (1975) Science 187:398-404, six largest departments; identical to R's
 * datasets::UCBAdmissions. Admitted and rejected counts by gender.
 */
const UCB_ADMISSIONS = [
  { dept: 'A', admitted: { male: 512, female: 89 }, rejected: { male: 313, female: 19 } },
  { dept: 'B', admitted: { male: 353, female: 17 }, rejected: { male: 207, female: 8 } },
  { dept: 'C', admitted: { male: 120, female: 202 }, rejected: { male: 205, female: 391 } },
  { dept: 'D', admitted: { male: 138, female: 131 }, rejected: { male: 279, female: 244 } },
  { dept: 'E', admitted: { male: 53, female: 94 }, rejected: { male: 138, female: 299 } },
  { dept: 'F', admitted: { male: 22, female: 24 }, rejected: { male: 351, female: 317 } },
] as const;

const UCB_HEADER = ['stage', 'gender', 'selected', 'count'] as const;
/** The same table with the department as a stratum column (policy strata) instead of the stage. */
const UCB_DEPARTMENTS_HEADER = ['department', 'gender', 'selected', 'count'] as const;

function ucbRows(): Cell[][] {
  return UCB_ADMISSIONS.flatMap(({ dept, admitted, rejected }) =>
    (['male', 'female'] as const).flatMap((gender) => [
      [`dept_${dept}`, gender, 1, admitted[gender]],
      [`dept_${dept}`, gender, 0, rejected[gender]],
    ]),
  );
}

// ─── effects.json ────────────────────────────────────────────────────────────────────────────────

export interface FunnelImpactRatio {
  readonly attribute: ProtectedAttribute;
  readonly group: string;
  /** Product of the group's stage pass rates over that of the other groups (requirements Q1). */
  readonly expectedImpactRatio: number;
}

export interface DatasetDescription {
  readonly file: string;
  readonly kind: 'synthetic_pilot' | 'vendor_summary' | 'real_summary';
  readonly description: string;
  /** Seed of createRng; null for data that was not generated. */
  readonly seed: number | null;
  /** Data rows (header excluded). */
  readonly rows: number;
  /** Distinct candidates; for summary tables the sum of `count` at the first stage. */
  readonly candidates: number;
  /** Name of the frequency-weight column, null for one row per candidate per stage. */
  readonly countColumn: string | null;
  readonly derivedFrom: string | null;
  readonly stages: readonly string[];
  /** True when a candidate reaches a stage only if selected at the previous one. */
  readonly stagesAreSequential: boolean;
  readonly protectedAttributes: readonly string[];
  readonly groups: Readonly<Record<string, readonly string[]>>;
  /** Selection probability of candidates outside any injected group, per stage. */
  readonly baseSelectionRates: Readonly<Record<string, number>> | null;
  readonly injectedEffects: readonly InjectedEffect[];
  readonly expectedFunnelImpactRatios: readonly FunnelImpactRatio[];
  readonly source: string | null;
  /** Policy keys an audit of the file needs beyond its protected attributes (e.g. strata). */
  readonly policy?: Readonly<Record<string, unknown>>;
}

export interface FixtureManifest {
  readonly generator: string;
  readonly regenerate: string;
  readonly datasets: readonly DatasetDescription[];
}

function baseSelectionRates(): Record<Stage, number> {
  return Object.fromEntries(STAGES.map((s) => [s, STAGE_CONFIG[s].baseSelectionRate])) as Record<
    Stage,
    number
  >;
}

/** Only one stage differs per effect and later stages treat everyone alike, so the ratios carry over. */
function funnelImpactRatios(effects: readonly InjectedEffect[]): FunnelImpactRatio[] {
  return effects.map((e) => ({
    attribute: e.attribute,
    group: e.group,
    expectedImpactRatio: e.expectedImpactRatio,
  }));
}

function groupsByAttribute(): Record<ProtectedAttribute, string[]> {
  return {
    gender: knownGroups('gender'),
    ethnicity: knownGroups('ethnicity'),
    age_band: knownGroups('age_band'),
  };
}

function describePilot(spec: PilotSpec, rows: readonly StageRow[], description: string): DatasetDescription {
  return {
    file: spec.file,
    kind: 'synthetic_pilot',
    description,
    seed: spec.seed,
    rows: rows.length,
    candidates: spec.candidates,
    countColumn: null,
    derivedFrom: null,
    stages: STAGES,
    stagesAreSequential: true,
    protectedAttributes: PROTECTED_ATTRIBUTES,
    groups: groupsByAttribute(),
    baseSelectionRates: baseSelectionRates(),
    injectedEffects: spec.effects,
    expectedFunnelImpactRatios: funnelImpactRatios(spec.effects),
    source: null,
  };
}

function buildManifest(
  pilotRows: readonly StageRow[],
  nullRows: readonly StageRow[],
  summaryRows: number,
): FixtureManifest {
  const pilot = describePilot(
    PILOT,
    pilotRows,
    'Synthetic pilot of vendor_x with two injected adverse impacts.',
  );
  const ucbTotal = UCB_ADMISSIONS.reduce(
    (sum, d) => sum + d.admitted.male + d.admitted.female + d.rejected.male + d.rejected.female,
    0,
  );
  return {
    generator: 'scripts/generate-fixtures.ts',
    regenerate: 'npm run fixtures',
    datasets: [
      pilot,
      describePilot(NULL_PILOT, nullRows, 'Synthetic pilot, same design, no group differences at all.'),
      {
        ...pilot,
        file: VENDOR_SUMMARY_FILE,
        kind: 'vendor_summary',
        description: `Counts of ${PILOT.file} rows per stage, attributes and selected; audits the same.`,
        rows: summaryRows,
        countColumn: 'count',
        derivedFrom: PILOT.file,
      },
      {
        file: UCB_FILE,
        kind: 'real_summary',
        description:
          'UC Berkeley 1973 graduate admissions, six largest departments. Aggregated, women are admitted ' +
          'less often (IR 0.68); within departments mostly not (Simpson’s paradox). Stage = department.',
        seed: null,
        rows: UCB_ADMISSIONS.length * 4,
        candidates: ucbTotal,
        countColumn: 'count',
        derivedFrom: null,
        stages: UCB_ADMISSIONS.map((d) => `dept_${d.dept}`),
        stagesAreSequential: false,
        protectedAttributes: ['gender'],
        groups: { gender: ['male', 'female'] },
        baseSelectionRates: null,
        injectedEffects: [],
        expectedFunnelImpactRatios: [],
        source:
          'Bickel, Hammel & O’Connell (1975) Sex bias in graduate admissions: data from Berkeley. ' +
          'Science 187:398-404; R datasets::UCBAdmissions.',
      },
      {
        file: UCB_DEPARTMENTS_FILE,
        kind: 'real_summary',
        description:
          `${UCB_FILE} with the department in a department column (a stratum column for policy strata) and no stage: ` +
          'one stage, so no funnel; CMH across departments within it shows Simpson’s paradox.',
        seed: null,
        rows: UCB_ADMISSIONS.length * 4,
        candidates: ucbTotal,
        countColumn: 'count',
        derivedFrom: UCB_FILE,
        stages: ['all'],
        stagesAreSequential: false,
        policy: { protected: ['gender'], strata: ['department'], strataRows: true },
        protectedAttributes: ['gender'],
        groups: { gender: ['male', 'female'] },
        baseSelectionRates: null,
        injectedEffects: [],
        expectedFunnelImpactRatios: [],
        source:
          'Bickel, Hammel & O’Connell (1975) Sex bias in graduate admissions: data from Berkeley. ' +
          'Science 187:398-404; R datasets::UCBAdmissions.',
      },
    ],
  };
}

// ─── README ──────────────────────────────────────────────────────────────────────────────────────

/** Selection rate of the effect's group over that of all other known groups at its stage. */
function observedRatio(rows: readonly StageRow[], effect: InjectedEffect): string {
  const group = { selected: 0, n: 0 };
  const others = { selected: 0, n: 0 };
  for (const row of rows) {
    const value = row.candidate.attributes[effect.attribute];
    if (row.stage !== effect.stage || value === UNKNOWN) continue;
    const tally = value === effect.group ? group : others;
    tally.selected += row.selected ? 1 : 0;
    tally.n += 1;
  }
  const ratio = group.selected / group.n / (others.selected / others.n);
  return `${round(ratio, 3)} (${group.selected}/${group.n} vs ${others.selected}/${others.n})`;
}

function readmeText(pilotRows: readonly StageRow[], nullRows: readonly StageRow[], summaryRows: number): string {
  const effectLines = PILOT.effects.map(
    (e) =>
      `| ${e.stage} | ${e.attribute} | ${e.group} | ${e.expectedImpactRatio} | ${observedRatio(pilotRows, e)} | ` +
      `${observedRatio(nullRows, e)} |`,
  );
  const base = STAGES.map((s) => `${s} ${STAGE_CONFIG[s].baseSelectionRate}`).join(', ');
  const funnelLines = funnelImpactRatios(PILOT.effects)
    .map((f) => `${f.expectedImpactRatio} for ${f.attribute} ${f.group}`)
    .join(', ');
  return `# fixtures

Generated by \`scripts/generate-fixtures.ts\` (except where noted).
Regenerate with \`npm run fixtures\`; the output is byte-identical on every run
(seeded Mersenne Twister from \`src/audit/stats/rng.ts\`, no clock). \`effects.json\` describes every file for tests.

## pilot-cv-screen.csv

A synthetic pilot of vendor_x's funnel: ${PILOT.candidates} applicants (seed ${PILOT.seed}),
${pilotRows.length} rows, long format (one row per candidate per stage reached).
Stages in order: ${STAGES.join(' → ')};
a candidate reaches a stage only if \`selected=1\` at the previous one.

- Attributes are drawn independently: gender female/male/non-binary 48/48/2 % and 2 % empty;
  ethnicity group_a/group_b/group_c 70/18/12 % of the known, 3 % empty; age_band <30/30-49/50+
  35/45/20 % of the known, 1 % empty. Empty means unknown.
- Selection: \`selected ~ Bernoulli(p)\` with base p per stage
  (${base});
  a group with an injected effect gets p × ratio at that stage. Nothing else depends on any
  attribute; unknown values get the base rate.
- Score: drawn after the decision, Normal(mean, ${SCORE_SD}) clipped to 0-100, with a higher mean when the
  tool selected (the tool's outcome is the decision, reversed where a reviewer overrode it). So the
  score tracks a cut score plus noise, but carries no group information beyond the decision.
- Review: ${STAGE_CONFIG.cv_screen.reviewProbability * 100} % of cv_screen rows are reviewed, so about 90 % of CV rejections
  are fully automated; every later row is reviewed. A review has a reviewer r01-r08, a log-normal
  review time and a ${OVERRIDE_PROBABILITY * 100} % chance of overriding the tool; the review columns are empty when
  there was no review. No reviewer behaves differently from another.
- decided_at: first decision uniform over 2026-01-01..2026-06-02, each next stage 1-14 days later.

Injected effects. Expected IR = the group's selection probability over that of the other known
groups of the attribute, which all share one probability (so it is also the population IR against
the highest-rate group). Observed = the group's selection rate over the pooled rate of all other
known groups of the attribute at that stage:

| stage | attribute | group | expected IR | observed in pilot | same ratio in null-pilot |
| --- | --- | --- | --- | --- | --- |
${effectLines.join('\n')}

Because the other stages treat everyone alike, the expected funnel (bottom-line) IR of each of
these groups equals its stage IR: ${funnelLines}.

## null-pilot.csv

Same design and size, seed ${NULL_PILOT.seed}, ${nullRows.length} rows, no injected effects: every
group has the same selection probability at every stage. Any disparity an audit reports here is
sampling noise.

## vendor-summary.csv

What a vendor would send instead of row data: the rows of pilot-cv-screen.csv counted per stage,
gender, ethnicity, age_band and selected (${summaryRows} rows; empty attribute values stay
empty; \`count\` sums to ${pilotRows.length}). Derived from the same generated rows, so an audit of
the summary equals an audit of the pilot on these columns.

## ucb-admissions.csv

Not generated: the real UC Berkeley 1973 graduate admissions of the six largest departments
(Bickel, Hammel & O'Connell 1975, Science 187:398-404; R \`datasets::UCBAdmissions\`), 4,526
applications as a summary table with stage = department (parallel, not a funnel), gender, selected
(1 admitted, 0 rejected) and count. Pooled, women's admission rate is 0.68 of men's; within
departments it mostly is not lower (Simpson's paradox), the classic case for a stratified (CMH)
analysis.

## ucb-admissions-departments.csv

The same 24 rows with the department in a \`department\` column instead of \`stage\`: one stage, no
funnel. Audited with policy \`strata: [department]\`, the Cochran–Mantel–Haenszel test runs across
the departments within that stage (R \`mantelhaen.test(UCBAdmissions)\`: 1.4269, p 0.2323) beside
the pooled comparison (impact ratio 0.68), and the two point in opposite directions: the
Simpson's-paradox flag (issue 16).

## effects.json

Machine-readable: per file the seed, rows, candidates, stages in order, protected attributes and
their groups, base selection rates, and the injected effects as
\`{ stage, attribute, group, expectedImpactRatio, mechanism }\` (empty for the null pilot and UCB).
`;
}

// ─── Assembly ────────────────────────────────────────────────────────────────────────────────────

export interface FixtureFile {
  readonly name: string;
  readonly content: string;
}

/** Every fixture file with its content; pure and deterministic. */
export function buildFixtureFiles(): FixtureFile[] {
  const pilotRows = generatePilotRows(PILOT);
  const nullRows = generatePilotRows(NULL_PILOT);
  const summary = summariseRows(pilotRows);
  const manifest = buildManifest(pilotRows, nullRows, summary.length);
  // Fixture modules under scripts/fixtures/: their files, effects.json entries and README sections, appended.
  const modules: { files: readonly FixtureFile[]; datasets: readonly object[]; readme: string }[] = [validityFixtures(), automationFixtures(), stabilityFixtures(), similarityFixtures(), errorRateFixtures()];
  return [
    { name: PILOT.file, content: toCsv(PILOT_HEADER, pilotRows.map(pilotCells)) },
    { name: NULL_PILOT.file, content: toCsv(PILOT_HEADER, nullRows.map(pilotCells)) },
    { name: VENDOR_SUMMARY_FILE, content: toCsv(SUMMARY_HEADER, summary) },
    { name: UCB_FILE, content: toCsv(UCB_HEADER, ucbRows()) },
    { name: UCB_DEPARTMENTS_FILE, content: toCsv(UCB_DEPARTMENTS_HEADER, ucbRows()) },
    ...modules.flatMap((m) => m.files),
    { name: 'effects.json', content: JSON.stringify({ ...manifest, datasets: [...manifest.datasets, ...modules.flatMap((m) => m.datasets)] }, null, 2) + '\n' },
    { name: 'README.md', content: readmeText(pilotRows, nullRows, summary.length) + modules.map((m) => m.readme).join('') },
  ];
}

/** Writes every fixture file into outDir (created if missing); returns the written paths. */
export async function generateFixtures(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const file of buildFixtureFiles()) {
    const target = path.join(outDir, file.name);
    await writeFile(target, file.content, 'utf8');
    written.push(target);
  }
  return written;
}

const DEFAULT_OUT_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

function isRunDirectly(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(path.resolve(script)).href;
}

if (isRunDirectly()) {
  const outDir = process.argv[2] ?? DEFAULT_OUT_DIR;
  for (const written of await generateFixtures(outDir)) {
    console.log(`wrote ${path.relative(process.cwd(), written)}`);
  }
}
