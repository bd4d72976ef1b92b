/**
 * The statistics rollups (migration 150) against a recount from the raw tables (`cases`,
 * `case_clocks`, `cards`, `petitions`): for tests that write through any path.
 */
import type pg from 'pg'

type Queryable = Pick<pg.Pool, 'query'>
export type Counts = Record<string, string> // group key → its measures, as text

const fold = (rows: { k: string; v: string }[]): Counts => Object.fromEntries(rows.map((r) => [r.k, r.v]))

const CASE_MEASURES = `concat_ws(' ', sum(n), sum(on_time), sum(timed), sum(fee)::numeric(16, 2), sum(supplements), sum(supplemented), sum(cards))`

/** What the fixed views read: base + deltas, by every dimension; groups whose measures are all zero dropped. */
export async function keptCaseCounts(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `SELECT concat_ws('/', day, department_code, item_code, case_type, status_class, level) AS k, ${CASE_MEASURES} AS v
     FROM stat_case_counts_live GROUP BY day, department_code, item_code, case_type, status_class, level
     HAVING sum(n) <> 0 OR sum(fee) <> 0 OR sum(supplements) <> 0 OR sum(cards) <> 0 ORDER BY 1`,
  )
  return fold(rows)
}

/** The same from the raw rows, with the same definitions spelled out again (not through the facts). */
export async function recountCaseCounts(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `WITH raw AS (
       SELECT (coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) AT TIME ZONE 'Asia/Shanghai')::date AS day,
              c.department_code, coalesce(c.item_code, '') AS item_code, coalesce(c.case_type, '') AS case_type,
              CASE WHEN c.returned_at IS NOT NULL THEN 'returned' WHEN c.concluded_at IS NOT NULL THEN 'concluded'
                   WHEN c.status = 'submitted' THEN 'pending' ELSE 'inProgress' END AS status_class,
              coalesce(k.level, 'normal') AS level,
              1 AS n,
              (c.returned_at IS NULL AND c.concluded_at IS NOT NULL AND k.deadline_date IS NOT NULL
               AND (c.concluded_at AT TIME ZONE 'Asia/Shanghai')::date <= k.deadline_date)::int AS on_time,
              (c.returned_at IS NULL AND c.concluded_at IS NOT NULL AND k.deadline_date IS NOT NULL)::int AS timed,
              coalesce(c.fee_charged, 0) AS fee, c.supplement_count AS supplements, (c.supplement_count > 0)::int AS supplemented,
              (SELECT count(*) FROM cards a WHERE a.subject = 'case' AND a.subject_no = c.case_no AND a.color IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = a.id))::int AS cards
       FROM cases c LEFT JOIN case_clocks k USING (case_no))
     SELECT concat_ws('/', day, department_code, item_code, case_type, status_class, level) AS k, ${CASE_MEASURES} AS v
     FROM raw GROUP BY day, department_code, item_code, case_type, status_class, level ORDER BY 1`,
  )
  return fold(rows)
}

export async function keptPetitionCounts(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `SELECT concat_ws('/', day, department_code, petition_kind, channel, closed, level, answered, rating) AS k, sum(n)::text AS v
     FROM stat_petition_counts_live GROUP BY day, department_code, petition_kind, channel, closed, level, answered, rating
     HAVING sum(n) <> 0 ORDER BY 1`,
  )
  return fold(rows)
}

export async function recountPetitionCounts(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `SELECT concat_ws('/', (coalesce(received_at, last_occurred_at) AT TIME ZONE 'Asia/Shanghai')::date, department_code,
                      coalesce(petition_kind, ''), coalesce(channel, ''), closed_at IS NOT NULL, level,
                      CASE WHEN coalesce(replied_at, closed_at) IS NULL THEN 'open'
                           WHEN deadline_date IS NULL OR (coalesce(replied_at, closed_at) AT TIME ZONE 'Asia/Shanghai')::date <= deadline_date THEN 'onTime'
                           ELSE 'late' END,
                      coalesce(rating, 0)) AS k, count(*)::text AS v
     FROM petitions GROUP BY 1 ORDER BY 1`,
  )
  return fold(rows)
}

/** Compacts (folds deltas into the base, migrations 150, 220 and 310); returns the delta rows folded. */
export async function compactStatCounts(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT stat_counts_compact() + stat_group_counts_compact() + stat_dim_counts_compact() AS n')).rows[0]!.n
}

/** The monthly counts (base + deltas) against the daily counts summed by month. */
export async function keptMonthCounts(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `SELECT concat_ws('/', day, department_code, item_code, case_type, status_class, level) AS k, ${CASE_MEASURES} AS v
     FROM stat_case_month_counts_live GROUP BY day, department_code, item_code, case_type, status_class, level
     HAVING sum(n) <> 0 OR sum(fee) <> 0 OR sum(supplements) <> 0 OR sum(cards) <> 0 ORDER BY 1`,
  )
  return fold(rows)
}

export async function dailyCountsByMonth(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `SELECT concat_ws('/', date_trunc('month', day)::date, department_code, item_code, case_type, status_class, level) AS k, ${CASE_MEASURES} AS v
     FROM stat_case_counts_live GROUP BY date_trunc('month', day)::date, department_code, item_code, case_type, status_class, level
     HAVING sum(n) <> 0 OR sum(fee) <> 0 OR sum(supplements) <> 0 OR sum(cards) <> 0 ORDER BY 1`,
  )
  return fold(rows)
}

/**
 * The raw rows of `cases` ⋈ `case_clocks` (and `cards`, `departments`, `calendar_days`) with every
 * statistics definition spelled out again, not through the facts: received day, status class,
 * level, on time, fee, supplements, active cards, working days used by a concluded case.
 */
const RAW_CASES = `
  SELECT (coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) AT TIME ZONE 'Asia/Shanghai')::date AS day,
         c.department_code, coalesce(c.case_type, '') AS case_type,
         CASE WHEN c.returned_at IS NOT NULL THEN 'returned' WHEN c.concluded_at IS NOT NULL THEN 'concluded'
              WHEN c.status = 'submitted' THEN 'pending' ELSE 'inProgress' END AS status_class,
         coalesce(k.level, 'normal') AS level,
         1 AS n,
         (c.returned_at IS NULL AND c.concluded_at IS NOT NULL AND k.deadline_date IS NOT NULL
          AND (c.concluded_at AT TIME ZONE 'Asia/Shanghai')::date <= k.deadline_date)::int AS on_time,
         (c.returned_at IS NULL AND c.concluded_at IS NOT NULL AND k.deadline_date IS NOT NULL)::int AS timed,
         coalesce(c.fee_charged, 0) AS fee, c.supplement_count AS supplements, (c.supplement_count > 0)::int AS supplemented,
         (SELECT count(*) FROM cards a WHERE a.subject = 'case' AND a.subject_no = c.case_no AND a.color IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = a.id))::int AS cards,
         CASE WHEN c.returned_at IS NULL AND c.concluded_at IS NOT NULL THEN
           (SELECT b.ordinal - a.ordinal FROM departments d
              JOIN calendar_days a ON a.jurisdiction_code = d.jurisdiction_code AND a.day = (c.accepted_at AT TIME ZONE 'Asia/Shanghai')::date
              JOIN calendar_days b ON b.jurisdiction_code = d.jurisdiction_code AND b.day = (c.concluded_at AT TIME ZONE 'Asia/Shanghai')::date
             WHERE d.code = c.department_code) END AS days_used
  FROM cases c LEFT JOIN case_clocks k USING (case_no)`

const TYPE_KEY = 'department_code, case_type, status_class, level'
const DAYS_KEY = 'department_code, case_type, level, days_used'
const DAY_OR_MONTH = (month: boolean) => (month ? `date_trunc('month', day)::date` : 'day')

/** The type counts of migration 220 (base + deltas), daily or monthly, groups whose measures are all zero dropped. */
export async function keptTypeCounts(db: Queryable, month = false): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `SELECT concat_ws('/', day, ${TYPE_KEY}) AS k, ${CASE_MEASURES} AS v
     FROM ${month ? 'stat_case_type_month_counts_live' : 'stat_case_type_counts_live'} GROUP BY day, ${TYPE_KEY}
     HAVING sum(n) <> 0 OR sum(fee) <> 0 OR sum(supplements) <> 0 OR sum(cards) <> 0 ORDER BY 1`,
  )
  return fold(rows)
}

export async function recountTypeCounts(db: Queryable, month = false): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `WITH raw AS (${RAW_CASES})
     SELECT concat_ws('/', ${DAY_OR_MONTH(month)}, ${TYPE_KEY}) AS k, ${CASE_MEASURES} AS v
     FROM raw GROUP BY ${DAY_OR_MONTH(month)}, ${TYPE_KEY} ORDER BY 1`,
  )
  return fold(rows)
}

/** The working-days histogram of migration 220 (concluded cases by days used), daily or monthly. */
export async function keptDaysCounts(db: Queryable, month = false): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `SELECT concat_ws('/', day, ${DAYS_KEY}) AS k, sum(n)::text AS v
     FROM ${month ? 'stat_case_days_month_counts_live' : 'stat_case_days_counts_live'} GROUP BY day, ${DAYS_KEY}
     HAVING sum(n) <> 0 ORDER BY 1`,
  )
  return fold(rows)
}

export async function recountDaysCounts(db: Queryable, month = false): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `WITH raw AS (${RAW_CASES})
     SELECT concat_ws('/', ${DAY_OR_MONTH(month)}, ${DAYS_KEY}) AS k, count(*)::text AS v
     FROM raw WHERE status_class = 'concluded' AND days_used IS NOT NULL GROUP BY ${DAY_OR_MONTH(month)}, ${DAYS_KEY} ORDER BY 1`,
  )
  return fold(rows)
}

const DIM_KEY = 'dim, grain, key, jurisdiction_code, department_code, case_type, status_class, level'
const DIM_HIST_KEY = 'dim, grain, key, jurisdiction_code, department_code, case_type, level, days_used'

/**
 * The rollup by item and handler of migration 390 (base + deltas): the additive measures by group
 * ('m/…', groups whose measures are all zero dropped) and the histogram of working days used by
 * group and number of days ('h/…'), read back from the arrays (element k + 1 = k days, summed here
 * by unnest, independently of the compaction's element-wise sum) and from the rows of days outside
 * them (`days_out`).
 */
export async function keptDimCounts(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `SELECT concat_ws('/', 'm', day, ${DIM_KEY}) AS k, ${CASE_MEASURES} AS v
     FROM stat_case_dim_hists_live GROUP BY day, ${DIM_KEY}
     HAVING sum(n) <> 0 OR sum(fee) <> 0 OR sum(supplements) <> 0 OR sum(cards) <> 0 OR sum(on_time) <> 0 OR sum(timed) <> 0
     UNION ALL
     SELECT concat_ws('/', 'h', day, ${DIM_HIST_KEY}) AS k, sum(n)::text AS v
     FROM (SELECT t.day, t.dim, t.grain, t.key, t.jurisdiction_code, t.department_code, t.case_type, t.level, u.o::int - 1 AS days_used, u.e AS n
           FROM stat_case_dim_hists_live t CROSS JOIN LATERAL unnest(t.hist) WITH ORDINALITY AS u (e, o)
           UNION ALL
           SELECT day, dim, grain, key, jurisdiction_code, department_code, case_type, level, days_out, n
           FROM stat_case_dim_hists_live WHERE days_out <> -2147483648) h
     GROUP BY day, ${DIM_HIST_KEY} HAVING sum(n) <> 0
     ORDER BY 1`,
  )
  return fold(rows)
}

/** The same from the raw rows: every case by item (with department, jurisdiction, case type) and by handler (with jurisdiction), by month, by Monday week and by day. */
export async function recountDimCounts(db: Queryable): Promise<Counts> {
  const { rows } = await db.query<{ k: string; v: string }>(
    `WITH raw AS (
       SELECT r.*, coalesce(c.item_code, '') AS item_code, coalesce(c.handler, '') AS handler, coalesce(d.jurisdiction_code, '') AS jurisdiction_code
       FROM (${RAW_CASES.replace('SELECT ', 'SELECT c.case_no, ')}) r JOIN cases c USING (case_no) LEFT JOIN departments d ON d.code = r.department_code
     ), keyed AS (
       SELECT g.grain, CASE g.grain WHEN 'd' THEN raw.day WHEN 'w' THEN date_trunc('week', raw.day)::date ELSE date_trunc('month', raw.day)::date END AS day,
              k.dim, k.key, raw.jurisdiction_code, k.department_code, k.case_type, raw.status_class, raw.level, raw.days_used,
              raw.n, raw.on_time, raw.timed, raw.fee, raw.supplements, raw.supplemented, raw.cards
       FROM raw CROSS JOIN (VALUES ('d'), ('w'), ('m')) AS g (grain)
       CROSS JOIN LATERAL (VALUES ('i', raw.item_code, raw.department_code, raw.case_type), ('h', raw.handler, '', '')) AS k (dim, key, department_code, case_type)
     )
     SELECT concat_ws('/', 'm', day, ${DIM_KEY}) AS k, ${CASE_MEASURES} AS v
     FROM keyed GROUP BY day, ${DIM_KEY}
     UNION ALL
     SELECT concat_ws('/', 'h', day, ${DIM_HIST_KEY}) AS k, count(*)::text AS v
     FROM keyed WHERE status_class = 'concluded' AND days_used IS NOT NULL GROUP BY day, ${DIM_HIST_KEY}
     ORDER BY 1`,
  )
  return fold(rows)
}
