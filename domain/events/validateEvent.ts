import { Compile } from 'typebox/compile'
import { DateTime } from 'luxon'
import { BODY_SCHEMAS, EventEnvelope, isPetitionKind, type EventKind, type IngestEvent } from './schema.ts'
import type { ErrorCode } from '../errors.ts'
import { findInvalidText } from './findInvalidText.ts'

const envelopeCheck = Compile(EventEnvelope)
const bodyChecks = Object.fromEntries(Object.entries(BODY_SCHEMAS).map(([k, s]) => [k, Compile(s)])) as {
  [K in EventKind]: ReturnType<typeof Compile>
}

/** ISO-8601 date-time with an explicit offset (Z or ±hh:mm). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

export interface ValidateContext {
  /** The source name the API key is bound to. */
  source: string
  /** Departments the key may report for; `'*'` means any. */
  departments: readonly string[] | '*'
  /** Current instant in epoch milliseconds (events more than a day ahead of it are refused). */
  nowMs: number
  /** Optional set of known department codes; unknown ones are refused when given. */
  knownDepartments?: ReadonlySet<string>
}

export type ValidateResult =
  | { ok: true; event: IngestEvent }
  | { ok: false; code: ErrorCode; detail: string }

/** Earliest instant accepted: 2000-01-01T00:00:00Z. */
export const MIN_OCCURRED_MS = Date.UTC(2000, 0, 1)
/** How far in the future an event may claim to have happened (clock skew allowance). */
export const MAX_FUTURE_MS = 24 * 3600 * 1000

/**
 * Validates one raw event against the envelope, its kind's body schema and the key's rights,
 * and normalises it (occurredAt to UTC ISO with milliseconds, source filled from the key).
 *
 * Pure: `now` comes in through the context. Never throws on any input.
 *
 * @example
 * validateEvent({ eventId: 'e1', kind: 'resumed', occurredAt: '2025-10-09T09:00:00+08:00',
 *   caseNo: 'C1', departmentCode: 'D1', body: {} }, { source: 's', departments: '*', nowMs: Date.now() })
 * // => { ok: true, event: { ..., occurredAt: '2025-10-09T01:00:00.000Z', source: 's' } }
 */
export function validateEvent(raw: unknown, ctx: ValidateContext): ValidateResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, code: 'VALIDATION_FAILED', detail: 'event must be an object' }
  }
  if (!envelopeCheck.Check(raw)) {
    const first = [...envelopeCheck.Errors(raw)][0]
    return { ok: false, code: 'VALIDATION_FAILED', detail: first ? `${first.instancePath || '/'} ${first.message}` : 'invalid envelope' }
  }
  const env = raw as {
    eventId: string; source?: string; kind: string; occurredAt: string; caseNo?: string; petitionNo?: string
    departmentCode: string; body?: Record<string, unknown>
  }
  if (!Object.hasOwn(BODY_SCHEMAS, env.kind)) {
    return { ok: false, code: 'UNKNOWN_KIND', detail: env.kind }
  }
  const kind = env.kind as EventKind
  if (!ISO_WITH_OFFSET.test(env.occurredAt)) return { ok: false, code: 'INVALID_DATE', detail: env.occurredAt }
  const dt = DateTime.fromISO(env.occurredAt, { setZone: true })
  if (!dt.isValid) return { ok: false, code: 'INVALID_DATE', detail: env.occurredAt }
  const ms = dt.toMillis()
  if (ms < MIN_OCCURRED_MS || ms > ctx.nowMs + MAX_FUTURE_MS) {
    return { ok: false, code: 'DATE_OUT_OF_RANGE', detail: env.occurredAt }
  }
  const hasCase = env.caseNo !== undefined
  const hasPetition = env.petitionNo !== undefined
  if (hasCase === hasPetition) return { ok: false, code: 'MISSING_SUBJECT', detail: 'caseNo|petitionNo' }
  if (isPetitionKind(kind) !== hasPetition) return { ok: false, code: 'WRONG_SUBJECT', detail: kind }
  if (env.source !== undefined && env.source !== ctx.source) {
    return { ok: false, code: 'SOURCE_MISMATCH', detail: env.source }
  }
  if (ctx.departments !== '*' && !ctx.departments.includes(env.departmentCode)) {
    return { ok: false, code: 'DEPARTMENT_FORBIDDEN', detail: env.departmentCode }
  }
  if (ctx.knownDepartments && !ctx.knownDepartments.has(env.departmentCode)) {
    return { ok: false, code: 'UNKNOWN_DEPARTMENT', detail: env.departmentCode }
  }
  const body = env.body ?? {}
  const check = bodyChecks[kind]
  if (!check.Check(body)) {
    const first = [...check.Errors(body)][0]
    return { ok: false, code: 'VALIDATION_FAILED', detail: first ? `/body${first.instancePath} ${first.message}` : 'invalid body' }
  }
  // NUL and lone surrogates: PostgreSQL refuses them (or a UTF-8 encoder alters them). Checked
  // here, per event, so that one such record is rejected and the rest of its batch is stored.
  const badText = findInvalidText(raw)
  if (badText) return { ok: false, code: 'INVALID_TEXT', detail: `${badText.path}: ${badText.reason === 'nul' ? 'U+0000 (NUL)' : 'lone surrogate'}` }
  return {
    ok: true,
    event: {
      eventId: env.eventId,
      source: ctx.source,
      kind,
      occurredAt: new Date(ms).toISOString(),
      subject: hasPetition ? 'petition' : 'case',
      subjectNo: (hasPetition ? env.petitionNo : env.caseNo) as string,
      departmentCode: env.departmentCode,
      body: body as IngestEvent['body'],
    },
  }
}
