/**
 * A case for the mobile view: its summary with the applicant masked (as the console shows it by
 * default) and its "why" — the same clock computation as GET /api/v1/cases/:caseNo/explain
 * (caseClock with explain), condensed to what a phone shows: counted days, excluded days,
 * calendar entries, thresholds, level history, cards.
 */
import type { MobileCase } from '../../domain/contracts/api/mobile.ts'
import type { CaseState } from '../../domain/case/foldCase.ts'
import { caseClock, type CaseClockContext } from '../../domain/clock/caseClock.ts'
import { maskName } from '../../domain/privacy/mask.ts'

export interface MobileCaseRow {
  case_no: string
  department_code: string
  department_name: string | null
  item_name: string | null
  item_code: string | null
  status: string
  applicant: { name?: unknown } | null
  level: MobileCase['level']
  card_color: MobileCase['cardColor']
  accepted_at: Date | null
  concluded_at: Date | null
  deadline_date: string | null
  state: CaseState
}

interface ChangeRow { from_level: string; to_level: string; effective_at: Date }
interface CardRow { id: string; color: 'yellow' | 'red' | null; rule: string; reason: string; issued_at: Date; revokes: string | null }

export function caseWhy(row: MobileCaseRow, ctx: Omit<CaseClockContext, 'nowMs'>, nowMs: number, changes: readonly ChangeRow[], cards: readonly CardRow[]): MobileCase {
  const clock = caseClock(row.state, { ...ctx, nowMs, explain: true })
  const x = clock.explanation
  const revoked = new Set(cards.filter((c) => c.revokes !== null).map((c) => c.revokes))
  const name = typeof row.applicant?.name === 'string' ? maskName(row.applicant.name) : null
  return {
    caseNo: row.case_no,
    departmentCode: row.department_code,
    departmentName: row.department_name,
    itemName: row.item_name,
    status: row.status,
    level: row.level,
    cardColor: row.card_color,
    applicantName: name,
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    concludedAt: row.concluded_at?.toISOString() ?? null,
    deadlineDate: row.deadline_date,
    why: {
      evaluatedAt: new Date(nowMs).toISOString(),
      clockStatus: clock.status,
      rule: x?.rule ?? null,
      limit: clock.limit ? { value: clock.limit.value, unit: clock.limit.unit } : null,
      acceptedDate: x?.acceptedDate ?? null,
      startDate: x?.startDate ?? null,
      deadlineDate: clock.deadlineDate,
      countedDays: (x?.countedDays ?? []).map((d) => ({ date: d.date, index: d.index })),
      excludedDays: (x?.excludedDays ?? []).map((d) => ({ date: d.date, reason: d.reason })),
      calendarEntries: (x?.calendarEntries ?? []).filter((e) => e.name !== null || e.kind !== 'workday').slice(0, 60)
        .map((e) => ({ date: e.date, isWorkday: e.isWorkday, name: e.name })),
      thresholds: (x?.thresholds ?? []).map((t) => ({ level: t.level, from: t.from })),
      levelChanges: changes.map((c) => ({ from: c.from_level, to: c.to_level, at: c.effective_at.toISOString() })),
    },
    cards: cards.filter((c) => c.color !== null).map((c) => ({
      id: String(c.id), color: c.color, rule: c.rule, reason: c.reason.slice(0, 200), issuedAt: c.issued_at.toISOString(), revoked: revoked.has(c.id),
    })),
  }
}
