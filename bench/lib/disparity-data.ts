/**
 * The disparity benchmark's dataset, also read by the ClickHouse benchmark (same SQL, same files).
 *
 * Deterministic: every random column is hash(key * 8 + stream) mapped to [0, 1), from the row
 * number (or the candidate number, for attributes that stay with a candidate across stages).
 * DuckDB's two-argument hash(i, salt) is not used: it leaves the streams strongly correlated.
 * Injected effects on the stage's base selection rate (0.40 / 0.50 / 0.60): cv_screen female
 * x0.90, video_interview group_d x0.85, assessment_game 50+ x0.90. 3% of genders are empty.
 */
const u = (key: string, stream: number) => `(hash(${key} * 8 + ${stream}) / 18446744073709551616.0)`;

export function disparityDatasetSql(rows: number): string {
  return `
    WITH r AS (
      SELECT i // 3 AS cand, i % 3 AS st, ${u('i // 3', 1)} AS ug, ${u('i // 3', 2)} AS ue, ${u('i // 3', 3)} AS ua,
             ${u('i', 4)} AS us, ${u('i', 5)} AS uz
      FROM range(${rows}) t(i)
    ), g AS (
      SELECT *,
        CASE WHEN ug < 0.03 THEN NULL WHEN ug < 0.50 THEN 'female' WHEN ug < 0.97 THEN 'male' ELSE 'nonbinary' END AS gender,
        CASE WHEN ue < 0.55 THEN 'group_a' WHEN ue < 0.75 THEN 'group_b' WHEN ue < 0.90 THEN 'group_c' ELSE 'group_d' END AS ethnicity,
        CASE WHEN ua < 0.30 THEN '<30' WHEN ua < 0.80 THEN '30-49' ELSE '50+' END AS age_band
      FROM r
    ), s AS (
      SELECT *, [0.40, 0.50, 0.60][st + 1]
        * CASE WHEN st = 0 AND gender = 'female' THEN 0.90 ELSE 1 END
        * CASE WHEN st = 1 AND ethnicity = 'group_d' THEN 0.85 ELSE 1 END
        * CASE WHEN st = 2 AND age_band = '50+' THEN 0.90 ELSE 1 END AS rate
      FROM g
    )
    SELECT printf('c%08d', cand) AS candidate_id,
           ['cv_screen', 'video_interview', 'assessment_game'][st + 1] AS stage,
           CAST(us < rate AS INTEGER) AS selected,
           round(100 * (0.6 * uz + 0.4 * (1 - us)), 1) AS score,
           gender, ethnicity, age_band
    FROM s`;
}
