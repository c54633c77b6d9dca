import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadPolicy, parsePolicy, type Policy, type PolicyInput } from '../../src/audit/contract/policy.js';
import { createRng } from '../../src/audit/stats/rng.js';
import { fixture } from '../support/fixtures.js';

/**
 * The golden audits: every shipped fixture with the policy its tests use, and a generated
 * 100,000-row file on which every family applies. Their AuditResult JSON is committed under
 * tests/golden/results/ and must stay byte-identical across refactorings; regenerate only on
 * purpose with `npm run goldens` (and say why in CHANGELOG.md when the schema changes).
 */
export interface GoldenCase {
  name: string;
  /** Absolute path of the dataset; generated files are written by `prepare`. */
  file: string;
  policy: () => Promise<Policy>;
  benchmark?: string;
  prepare?: () => Promise<void>;
}

/** A fixed audit date: without it the result would change with the calendar. */
const AUDIT_DATE = '2026-11-22';

const withDate = (p: Partial<PolicyInput>) => async () => parsePolicy({ auditDate: AUDIT_DATE, ...p });
const fromFile = (name: string) => async () => ({ ...(await loadPolicy(fixture(name))), auditDate: AUDIT_DATE });

const GENERATED_100K = fileURLToPath(new URL('../../.hireaudit-tmp/golden-100k.csv', import.meta.url));

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: 'pilot', file: fixture('pilot-cv-screen.csv'), policy: fromFile('pilot-policy.yaml') },
  { name: 'null-pilot', file: fixture('null-pilot.csv'), policy: fromFile('pilot-policy.yaml') },
  { name: 'vendor-summary', file: fixture('vendor-summary.csv'), policy: fromFile('pilot-policy.yaml') },
  { name: 'ucb-admissions', file: fixture('ucb-admissions.csv'), policy: withDate({ protected: ['gender'], funnel: false }) },
  { name: 'ucb-departments', file: fixture('ucb-admissions-departments.csv'), policy: withDate({ protected: ['gender'], strata: ['department'], strataRows: true }) },
  { name: 'validity-pilot', file: fixture('validity-pilot.csv'), policy: withDate({ protected: ['gender', 'ethnicity'] }) },
  { name: 'validity-null', file: fixture('validity-null.csv'), policy: withDate({ protected: ['gender', 'ethnicity'] }) },
  { name: 'similarity-pilot', file: fixture('similarity-pilot.csv'), policy: withDate({ protected: ['gender', 'ethnicity'] }) },
  {
    name: 'similarity-null',
    file: fixture('similarity-null.csv'),
    benchmark: fixture('similarity-null-benchmark.csv'),
    policy: withDate({ protected: ['gender', 'ethnicity'] }),
  },
  { name: 'stability-pilot', file: fixture('stability-pilot.csv'), policy: fromFile('stability-policy.yaml') },
  { name: 'stability-null', file: fixture('stability-null.csv'), policy: fromFile('stability-policy.yaml') },
  { name: 'automation-review', file: fixture('automation-review.csv'), policy: withDate({ protected: ['gender', 'ethnicity'] }) },
  { name: 'error-rates-pilot', file: fixture('error-rates-pilot.csv'), policy: withDate({ protected: ['gender', 'ethnicity'] }) },
  {
    name: 'generated-100k',
    file: GENERATED_100K,
    prepare: () => writeGenerated(GENERATED_100K, 100_000),
    policy: withDate({ protected: ['gender', 'ethnicity'], seed: 7, requirementSets: ['nvp', 'avg', 'ai-act', 'ugesp', 'll144'] }),
  },
];

/**
 * A deterministic dataset with every contract column, so every family applies: two stages, a
 * score driven by the traits, a criterion for those selected at the last stage, human review of
 * some decisions, retests (attempt 2), perturbed copies (variant_of) and benchmark rows.
 */
async function writeGenerated(path: string, rows: number): Promise<void> {
  const rng = createRng(20261206);
  const header = [
    'candidate_id', 'role', 'stage', 'tool', 'selected', 'score', 'criterion', 'decided_at', 'attempt', 'variant_of', 'variant',
    'reviewed_by_human', 'review_seconds', 'reviewer_id', 'human_override', 'gender', 'ethnicity',
    'trait_1', 'trait_2', 'trait_3', 'trait_4', 'trait_5',
  ];
  const lines: string[] = [header.join(',')];
  const r1 = (x: number) => String(Math.round(x * 10) / 10);
  const push = (cells: Record<string, string | number>) => lines.push(header.map((h) => String(cells[h] ?? '')).join(','));
  const genders = ['female', 'male', 'non-binary', ''];
  const ethnicities = ['group_a', 'group_b', 'group_c', ''];
  for (let b = 0; b < 1000; b++) {
    const traits = Object.fromEntries([1, 2, 3, 4, 5].map((k) => [`trait_${k}`, r1(rng.normal(k === 1 ? 0.8 : 0.3, 0.7))]));
    push({ candidate_id: `b${b}`, role: 'benchmark', gender: genders[rng.pick([30, 68, 1, 1])]!, ethnicity: ethnicities[rng.pick([85, 8, 6, 1])]!, ...traits });
  }
  let i = 0;
  while (lines.length - 1 < rows) {
    const id = `c${String(i++).padStart(6, '0')}`;
    const gender = rng.pick([47, 47, 3, 3]);
    const ethnicity = rng.pick([65, 18, 13, 4]);
    const t = [1, 2, 3, 4, 5].map(() => rng.normal(gender === 1 ? 0.1 : 0, 1));
    const traits = Object.fromEntries(t.map((x, k) => [`trait_${k + 1}`, r1(x)]));
    const day = 1 + rng.int(180);
    const date = new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10);
    const base = { candidate_id: id, role: 'applicant', tool: 'vendor_g', gender: genders[gender]!, ethnicity: ethnicities[ethnicity]!, ...traits };
    const score = 50 + 8 * t[0]! + 4 * t[1]! + rng.normal(0, 6) - (ethnicity === 1 ? 3 : 0);
    const reviewed = rng.uniform() < 0.3;
    const review = reviewed
      ? { reviewed_by_human: 1, review_seconds: Math.round(5 + rng.uniform() * 200), reviewer_id: `r${1 + rng.int(6)}`, human_override: rng.uniform() < 0.04 ? 1 : 0 }
      : { reviewed_by_human: 0 };
    const cv = score > 52 ? 1 : 0;
    push({ ...base, stage: 'cv_screen', selected: cv, score: r1(score), decided_at: date, attempt: 1, ...review });
    if (rng.uniform() < 0.08) push({ ...base, stage: 'cv_screen', selected: cv, score: r1(score + rng.normal(0, 3)), decided_at: date, attempt: 2, reviewed_by_human: 0 });
    if (cv === 0) continue;
    const video = 45 + 6 * t[2]! + 5 * t[0]! + rng.normal(0, 8);
    const hired = video > 50 ? 1 : 0;
    const criterion = hired ? r1(3 + 0.05 * video + rng.normal(0, 0.6)) : '';
    push({ ...base, stage: 'video_interview', selected: hired, score: r1(video), criterion, decided_at: date, attempt: 1, reviewed_by_human: 1, review_seconds: Math.round(20 + rng.uniform() * 300), reviewer_id: `r${1 + rng.int(6)}`, human_override: 0 });
    if (rng.uniform() < 0.05) {
      const shifted = video + rng.normal(ethnicity === 1 ? -1 : 0, 1.5);
      push({ ...base, candidate_id: `${id}-glasses`, stage: 'video_interview', selected: shifted > 50 ? 1 : 0, score: r1(shifted), decided_at: date, variant_of: id, variant: 'glasses', reviewed_by_human: 0 });
    }
  }
  await writeFile(path, `${lines.slice(0, rows + 1).join('\n')}\n`);
}
