import { parseInstant } from '../calendar/parseInstant.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import { computeDeadline } from './computeDeadline.ts'
import type { DeadlineInput, Level, LevelScheme } from './types.ts'

/** A preview request, as the deadline CLI (`--batch` lines) and `POST /api/v1/calendar/preview` take it. */
export interface PreviewRequest {
  accepted: unknown
  limit: unknown
  unit: unknown
  suspend?: unknown
  supplement?: unknown
  now?: unknown
}

/** The CLI's output object; `countedDays` and `level` only with `now`. Key order is part of the contract. */
export interface PreviewResult {
  deadlineDate: string
  warningFrom: string
  yellowFrom: string
  redFrom: string
  countedDays?: number
  level?: Level
}

export type PreviewOutcome = { ok: true; result: PreviewResult } | { ok: false; error: string }

const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(parseInstant(v))

function intervals(what: string, v: unknown): [string, string][] | string {
  if (v === undefined) return []
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return `${what}: expected a list of "<ISO>/<ISO>" strings`
  const out: [string, string][] = []
  for (const x of v as string[]) {
    const parts = x.split('/')
    if (parts.length !== 2 || !isInstant(parts[0]) || !isInstant(parts[1])) return `${what}: expected <ISO>/<ISO> with offsets, got ${JSON.stringify(x)}`
    if (parseInstant(parts[1]) < parseInstant(parts[0])) return `${what}: ends before it starts: ${x}`
    out.push([parts[0], parts[1]])
  }
  return out
}

/**
 * Validates a preview request and computes its deadline with the given calendar and scheme: the
 * one computation behind the deadline CLI and the admin preview endpoint.
 *
 * @pure `now` is part of the request
 * @example
 * previewDeadline({ accepted: '2025-09-26T10:00:00+08:00', limit: 3, unit: 'workday' }, cnWorkCalendar())
 * //=> { ok: true, result: { deadlineDate: '2025-09-30', warningFrom: '2025-09-30', yellowFrom: '2025-10-09', redFrom: '2025-10-15' } }
 */
export function previewDeadline(req: PreviewRequest, cal: WorkCalendar, opts: { zone?: string; scheme?: LevelScheme } = {}): PreviewOutcome {
  if (!isInstant(req.accepted)) return { ok: false, error: `accepted: expected an ISO-8601 date-time with offset (e.g. 2025-10-01T09:00:00+08:00), got ${JSON.stringify(req.accepted ?? null)}` }
  const limit = typeof req.limit === 'string' && /^\d{1,6}$/.test(req.limit) ? Number(req.limit) : req.limit
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > 100_000) {
    return { ok: false, error: `limit: expected a non-negative integer, got ${JSON.stringify(req.limit ?? null)}` }
  }
  if (req.unit !== 'workday' && req.unit !== 'day') return { ok: false, error: `unit: expected workday or day, got ${JSON.stringify(req.unit ?? null)}` }
  const suspend = intervals('suspend', req.suspend)
  if (typeof suspend === 'string') return { ok: false, error: suspend }
  const supplement = intervals('supplement', req.supplement)
  if (typeof supplement === 'string') return { ok: false, error: supplement }
  if (req.now !== undefined && !isInstant(req.now)) return { ok: false, error: `now: expected an ISO-8601 date-time with offset, got ${JSON.stringify(req.now)}` }
  const input: DeadlineInput = {
    accepted: req.accepted,
    limit,
    unit: req.unit,
    suspensions: suspend.map(([from, to]) => ({ from, to })),
    supplements: supplement.map(([requested, supplied]) => ({ requested, supplied })),
    ...(opts.zone ? { zone: opts.zone } : {}),
    ...(opts.scheme ? { scheme: opts.scheme } : {}),
    ...(req.now === undefined ? {} : { now: req.now as string }),
  }
  const r = computeDeadline(input, cal)
  if (r.status === 'invalid') return { ok: false, error: r.error }
  if (r.status !== 'running') return { ok: false, error: 'the clock is stopped' }
  const result: PreviewResult = { deadlineDate: r.deadlineDate, warningFrom: r.warningFrom, yellowFrom: r.yellowFrom, redFrom: r.redFrom }
  if (req.now !== undefined) {
    result.countedDays = r.countedDays!
    result.level = r.level!
  }
  return { ok: true, result }
}
