/**
 * The full-audit benchmark's dataset (bench/full.ts): 21 columns on which every family applies,
 * written by DuckDB SQL (COPY) so 100M rows take minutes, not hours. Shaped like the golden
 * generator (tests/golden/cases.ts writeGenerated), row by row instead of candidate by candidate:
 *
 *   row i belongs to candidate k = i // 2; row 2k is k's cv_screen decision (attempt 1), row
 *   2k + 1 its video_interview decision, except
 *     - k % 100 = 0: both rows are benchmark rows (role=benchmark, no stage or decision): 1%;
 *     - k % 12 = 1: row 2k + 1 is k's cv_screen retest (attempt 2, score re-measured): ~8%;
 *     - k % 20 = 3: row 2k + 1 is a 'glasses' variant of candidate k - 1's video decision: 5%.
 *   cv_screen: 30% reviewed by one of 50 reviewers, video_interview all reviewed (retests and
 *   variants none); 4% overrides;
 *   decided_at to the second over 180 days of 2026; a criterion for those hired at video_interview;
 *   five traits, the score driven by two of them, ethnicity group_b scored 3 points lower.
 *
 * Deterministic: every random number is hash(key * 32 + stream) mapped to [0, 1) (see
 * disparity-data.ts for why not hash(i, salt)); normals by Box-Muller from two such numbers.
 */
const u = (key: string, stream: number) => `(hash(${key} * 32 + ${stream}) / 18446744073709551616.0)`;
const normal = (key: string, stream: number) => `(sqrt(-2 * ln(greatest(${u(key, stream)}, 1e-12))) * cos(2 * pi() * ${u(key, stream + 1)}))`;
const r1 = (expr: string) => `round(${expr}, 1)`;

/** The SELECT that produces `rows` rows. */
export function fullDatasetSql(rows: number): string {
  const traits = [1, 2, 3, 4, 5].map((j) => `${r1(`t${j}`)} AS trait_${j}`).join(', ');
  return `
    WITH r AS (
      SELECT i, i // 2 AS k, i % 2 AS pos FROM range(${rows}) t(i)
    ), kinds AS (
      SELECT *,
        CASE WHEN k % 100 = 0 THEN 'benchmark'
             WHEN pos = 0 THEN 'cv'
             WHEN k % 12 = 1 THEN 'retest'
             WHEN k % 20 = 3 THEN 'variant'
             ELSE 'video' END AS kind,
        -- whose attributes and traits the row carries: a variant the previous candidate's, a
        -- benchmark row its own (keys below 0, apart from the applicants')
        CASE WHEN k % 100 = 0 THEN -1 - i WHEN pos = 1 AND k % 20 = 3 AND k % 12 <> 1 THEN k - 1 ELSE k END AS c
      FROM r
    ), cand AS (
      SELECT *,
        ${u('c', 1)} AS ug, ${u('c', 2)} AS ue,
        ${normal('c', 3)} AS z1, ${normal('c', 5)} AS z2, ${normal('c', 7)} AS z3, ${normal('c', 9)} AS z4, ${normal('c', 11)} AS z5,
        ${normal('c', 13)} AS e_cv, ${normal('c', 15)} AS e_video, ${normal('i', 17)} AS e_row,
        ${u('c', 19)} AS u_day, ${u('i', 20)} AS u_sec, ${u('i', 21)} AS u_rev, ${u('i', 22)} AS u_who, ${u('i', 23)} AS u_ov, ${u('i', 24)} AS u_time
      FROM kinds
    ), g AS (
      SELECT *,
        CASE WHEN ug < 0.47 THEN 'female' WHEN ug < 0.94 THEN 'male' WHEN ug < 0.97 THEN 'non-binary' ELSE NULL END AS gender,
        CASE WHEN ue < 0.65 THEN 'group_a' WHEN ue < 0.83 THEN 'group_b' WHEN ue < 0.96 THEN 'group_c' ELSE NULL END AS ethnicity,
        CASE WHEN kind = 'benchmark' THEN 0.5 + 0.7 * z1 ELSE (CASE WHEN ug >= 0.47 AND ug < 0.94 THEN 0.1 ELSE 0 END) + z1 END AS t1,
        CASE WHEN kind = 'benchmark' THEN 0.3 + 0.7 * z2 ELSE z2 END AS t2,
        CASE WHEN kind = 'benchmark' THEN 0.3 + 0.7 * z3 ELSE z3 END AS t3,
        CASE WHEN kind = 'benchmark' THEN 0.3 + 0.7 * z4 ELSE z4 END AS t4,
        CASE WHEN kind = 'benchmark' THEN 0.3 + 0.7 * z5 ELSE z5 END AS t5
      FROM cand
    ), s AS (
      SELECT *,
        50 + 8 * t1 + 4 * t2 + 6 * e_cv - CASE WHEN ue >= 0.65 AND ue < 0.83 THEN 3 ELSE 0 END AS cv_score,
        45 + 6 * t3 + 5 * t1 + 8 * e_video AS video_score
      FROM g
    ), d AS (
      SELECT *,
        CASE kind WHEN 'cv' THEN cv_score WHEN 'retest' THEN cv_score + 3 * e_row WHEN 'video' THEN video_score
                  WHEN 'variant' THEN video_score + 1.5 * e_row - CASE WHEN ue >= 0.65 AND ue < 0.83 THEN 1 ELSE 0 END END AS raw_score,
        kind = 'video' OR (kind = 'cv' AND u_rev < 0.3) AS reviewed
      FROM s
    )
    SELECT
      CASE WHEN kind = 'benchmark' THEN printf('b%09d', i) WHEN kind = 'variant' THEN printf('c%09d-glasses', c) ELSE printf('c%09d', c) END AS candidate_id,
      CASE WHEN kind = 'benchmark' THEN 'benchmark' ELSE 'applicant' END AS role,
      CASE WHEN kind IN ('cv', 'retest') THEN 'cv_screen' WHEN kind IN ('video', 'variant') THEN 'video_interview' END AS stage,
      CASE WHEN kind IN ('cv', 'retest') THEN CAST(cv_score > 52 AS INTEGER) WHEN kind = 'video' THEN CAST(video_score > 50 AS INTEGER)
           WHEN kind = 'variant' THEN CAST(raw_score > 50 AS INTEGER) END AS selected,
      ${r1('raw_score')} AS score,
      CASE WHEN kind = 'video' AND video_score > 50 THEN ${r1('3 + 0.05 * video_score + 0.6 * e_row')} END AS criterion,
      CASE WHEN kind <> 'benchmark' THEN TIMESTAMP '2026-01-01' + to_days(CAST(floor(u_day * 180) AS INTEGER)) + to_seconds(CAST(floor(u_sec * 28800) AS BIGINT) + 28800) END AS decided_at,
      CASE kind WHEN 'retest' THEN 2 WHEN 'benchmark' THEN NULL ELSE 1 END AS attempt,
      CASE WHEN kind = 'variant' THEN printf('c%09d', c) END AS variant_of,
      CASE WHEN kind = 'variant' THEN 'glasses' END AS variant,
      CASE WHEN kind = 'benchmark' THEN NULL WHEN reviewed THEN 1 ELSE 0 END AS reviewed_by_human,
      CASE WHEN reviewed THEN CAST(round(5 + u_time * (CASE WHEN kind = 'cv' THEN 200 ELSE 300 END)) AS INTEGER) END AS review_seconds,
      CASE WHEN reviewed THEN printf('r%02d', 1 + CAST(floor(u_who * 50) AS INTEGER)) END AS reviewer_id,
      CASE WHEN reviewed THEN CAST(u_ov < 0.04 AS INTEGER) END AS human_override,
      gender, ethnicity, ${traits}
    FROM d`;
}
