/**
 * The wall's incremental open-case counts (migration 090) against a recount of the rows they
 * replace: for tests that write cases and clocks through any path (direct SQL, the projection,
 * the sweep, the recompute).
 */
import type pg from 'pg'

type Queryable = Pick<pg.Pool, 'query'>

export type OpenCounts = Record<string, number> // "case|petition/department/level" → open ones

interface CountRow {
  subject: string
  department_code: string
  level: string
  n: number
}
const fold = (rows: CountRow[]): OpenCounts => {
  const out: OpenCounts = {}
  for (const r of rows) if (r.n !== 0) out[`${r.subject}/${r.department_code}/${r.level}`] = r.n
  return out
}

/** What the wall reads: the folded base plus the deltas not folded yet. */
export async function keptOpenCounts(db: Queryable): Promise<OpenCounts> {
  const { rows } = await db.query<CountRow>(
    `SELECT subject, department_code, level, sum(n)::int AS n
     FROM (SELECT subject, department_code, level, n FROM wall_open_counts UNION ALL SELECT subject, department_code, level, n FROM wall_open_count_deltas) x
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  )
  return fold(rows)
}

/**
 * The same from the rows: open cases (neither concluded nor returned) by department and clock
 * level, open petitions (not closed) by department and level.
 */
export async function recountOpenCounts(db: Queryable): Promise<OpenCounts> {
  const { rows } = await db.query<CountRow>(
    `SELECT 'case' AS subject, c.department_code, coalesce(k.level, 'normal') AS level, count(*)::int AS n
     FROM cases c LEFT JOIN case_clocks k USING (case_no)
     WHERE c.concluded_at IS NULL AND c.returned_at IS NULL
     GROUP BY 2, 3
     UNION ALL
     SELECT 'petition', department_code, level, count(*)::int FROM petitions WHERE closed_at IS NULL GROUP BY 2, 3
     ORDER BY 1, 2, 3`,
  )
  return fold(rows)
}
