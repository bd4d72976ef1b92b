/**
 * Compares a case as stored (its `cases`, `case_clocks` and `case_stages` rows, read as JSON) with
 * the rows the projection would write for a fresh fold of its events now. Pure.
 *
 *   diffCase(stored, fresh, { nowMs })  // [] when equal, else the names of the fields that differ
 *
 * Level and next transition are compared only while the stored clock's next transition is still
 * ahead: once it has passed, the sweep (not the projection) moves the level on, so a difference
 * there is not a projection error.
 */

export type FieldKind = 'text' | 'number' | 'time' | 'json'

/** The fields of `cases` that a fold determines. */
export const CASE_FIELDS: Readonly<Record<string, FieldKind>> = {
  department_code: 'text',
  item_code: 'text',
  case_type: 'text',
  status: 'text',
  applicant: 'json',
  submitted_at: 'time',
  accepted_at: 'time',
  concluded_at: 'time',
  returned_at: 'time',
  result: 'text',
  certificate_no: 'text',
  fee_charged: 'number',
  supplement_count: 'number',
  suspended: 'json',
  joint_departments: 'json',
  handler: 'text',
  state: 'json',
  event_count: 'number',
  last_occurred_at: 'time',
  legal_limit: 'number',
  promised_limit: 'number',
  jurisdiction_code: 'text',
  // where the fold stopped (migration 360): a wrong cursor would make the next resumed fold wrong
  fold_cursor: 'json',
}

/** The fields of `case_clocks` that do not depend on the instant of projection. */
export const CLOCK_FIELDS: Readonly<Record<string, FieldKind>> = {
  clock_status: 'text',
  deadline_date: 'text',
  legal_deadline_date: 'text',
  warning_from: 'text',
  yellow_from: 'text',
  red_from: 'text',
  stage_warning_from: 'text',
  stage_watch: 'json',
  provisional: 'json',
  stop: 'json',
  clock_accepted: 'text',
  clock_start: 'text',
  limit_value: 'number',
  limit_unit: 'text',
  legal_limit_value: 'number',
  excluded_from: 'json',
  excluded_to: 'json',
  restart_requested: 'json',
  restart_supplied: 'json',
}

/** Compared only while the stored next transition is in the future. */
export const CLOCK_LEVEL_FIELDS: Readonly<Record<string, FieldKind>> = {
  level: 'text',
  next_transition_at: 'time',
}

export interface StoredCase {
  cases: Record<string, unknown> | null
  clock: Record<string, unknown> | null
  /** `case_stages` rows in seq order */
  stages: readonly Record<string, unknown>[]
}

export interface FreshCase {
  row: Record<string, unknown>
  clock: Record<string, unknown>
  stages: readonly { stage: string; at: string; eventId: string }[]
}

/** JSON with object keys sorted, so that key order (jsonb reorders them) does not count. */
export function canonical(v: unknown): string {
  if (v === undefined) return 'null'
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  const o = v as Record<string, unknown>
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`
}

function norm(v: unknown, kind: FieldKind): string {
  if (v === null || v === undefined) return 'null'
  switch (kind) {
    case 'text':
      return String(v)
    case 'number':
      return String(Number(v))
    case 'time': {
      const ms = typeof v === 'number' ? v : v instanceof Date ? v.getTime() : Date.parse(String(v))
      return Number.isNaN(ms) ? `invalid:${String(v)}` : String(ms)
    }
    case 'json':
      // what was written went through JSON (dropping undefined); compare the same way
      return canonical(JSON.parse(JSON.stringify(v)))
  }
}

/** Names (prefixed `table.`) of the fields of `spec` whose values differ. */
export function diffFields(prefix: string, stored: Record<string, unknown>, fresh: Record<string, unknown>, spec: Readonly<Record<string, FieldKind>>): string[] {
  const out: string[] = []
  for (const [field, kind] of Object.entries(spec)) {
    if (norm(stored[field], kind) !== norm(fresh[field], kind)) out.push(`${prefix}.${field}`)
  }
  return out
}

export function diffCase(stored: StoredCase, fresh: FreshCase, opts: { nowMs: number }): string[] {
  if (!stored.cases) return ['cases: missing']
  const out = diffFields('cases', stored.cases, fresh.row, CASE_FIELDS)
  if (!stored.clock) out.push('case_clocks: missing')
  else {
    out.push(...diffFields('case_clocks', stored.clock, fresh.clock, CLOCK_FIELDS))
    const next = stored.clock.next_transition_at
    const due = next !== null && next !== undefined && Date.parse(String(next)) <= opts.nowMs
    if (!due) out.push(...diffFields('case_clocks', stored.clock, fresh.clock, CLOCK_LEVEL_FIELDS))
  }
  const s = stored.stages.map((r) => canonical([r.stage, norm(r.at, 'time'), r.event_id]))
  const f = fresh.stages.map((r) => canonical([r.stage, norm(r.at, 'time'), r.eventId]))
  if (canonical(s) !== canonical(f)) out.push('case_stages')
  return out
}
