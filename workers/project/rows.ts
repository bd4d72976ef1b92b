/**
 * The rows the projection writes for a folded case or petition: `cases`, `case_clocks` (with the
 * clock's inputs for the SQL recompute) and `petitions`. Pure: state and clock in, row out.
 */
import type { CaseState, FoldCursor } from '../../domain/case/foldCase.ts'
import type { PetitionState } from '../../domain/case/foldPetition.ts'
import type { CaseClock } from '../../domain/clock/caseClock.ts'
import type { PetitionClock } from '../../domain/clock/petitionClock.ts'
import type { CaseContext } from '../../sql/clockContext.ts'

/** The compact clock (the full day-by-day account comes from /explain): level-change explanations without one. */
export function clockSummary(c: CaseClock) {
  return {
    status: c.status, limit: c.limit, legalLimit: c.legalLimit, startDate: c.startDate, deadlineDate: c.deadlineDate,
    legalDeadlineDate: c.legalDeadlineDate, warningFrom: c.warningFrom, yellowFrom: c.yellowFrom, redFrom: c.redFrom,
    stop: c.stop, provisional: c.provisional, stageWarningFrom: c.stageWarningFrom, stageWarning: c.stageWarning,
  }
}

/** The clock's inputs, for the SQL recompute (migrations 025 and 040). */
function clockInputColumns(clock: CaseClock) {
  const i = clock.inputs ?? null
  const w = i?.scheme.warning
  return {
    clock_accepted: i?.acceptedDate ?? null,
    clock_start: clock.startDate,
    limit_value: clock.limit?.value ?? null,
    limit_unit: clock.limit?.unit ?? null,
    legal_limit_value: clock.legalLimit?.value ?? null,
    legal_limit_unit: clock.legalLimit?.unit ?? null,
    excluded_from: i ? i.excluded.map((e) => e.from) : null,
    excluded_to: i ? i.excluded.map((e) => e.to) : null,
    restart_requested: i ? i.restarts.map((r) => r.requested) : null,
    restart_supplied: i ? i.restarts.map((r) => r.supplied) : null,
    warning_offset: w && 'offset' in w ? w.offset : null,
    warning_share: w && 'share' in w ? w.share : null,
    yellow_offset: i?.scheme.yellow ?? null,
    red_offset: i?.scheme.red ?? null,
  }
}

/** The `cases` row for a folded state (its clock goes to `case_clocks`, see `caseClockRow`). */
export function caseRow(s: CaseState, ctx: Pick<CaseContext, 'jurisdictionCode'> & Partial<Pick<CaseContext, 'itemCaseType'>>, cursor: FoldCursor | null = null) {
  return {
    case_no: s.caseNo,
    department_code: s.departmentCode,
    item_code: s.itemCode,
    // before acceptance (a registered or submitted case) the type is the item's in the catalogue
    case_type: s.caseType ?? ctx.itemCaseType ?? null,
    status: s.status,
    applicant: s.applicant,
    submitted_at: s.submittedAt,
    accepted_at: s.acceptedAt,
    concluded_at: s.concludedAt,
    returned_at: s.returnedAt,
    result: s.result,
    certificate_no: s.certificateNo,
    fee_charged: s.feeCharged,
    supplement_count: s.supplements.length,
    suspended: s.suspensions.some((x) => x.to === null),
    joint_departments: s.jointDepartments,
    handler: s.handler,
    state: s,
    event_count: s.eventCount,
    last_occurred_at: s.lastOccurredAt,
    legal_limit: s.legalLimit?.value ?? null,
    legal_unit: s.legalLimit?.unit ?? null,
    promised_limit: s.promisedLimit?.value ?? null,
    promised_unit: s.promisedLimit?.unit ?? null,
    jurisdiction_code: ctx.jurisdictionCode,
    // where the fold stopped (migration 360): the next projection folds later events onto `state`
    fold_cursor: cursor,
  }
}
export type CaseRow = ReturnType<typeof caseRow>

/**
 * The `case_clocks` row (migration 040) of a case: its clock's dates, level, next transition,
 * the recompute's inputs and, for an open case with limited stages, the stage watch.
 */
export function caseClockRow(s: CaseState, clock: CaseClock, ctx: Pick<CaseContext, 'jurisdictionCode' | 'zone' | 'cardRules'>) {
  const open = s.concludedAt === null && s.returnedAt === null
  return {
    case_no: s.caseNo,
    jurisdiction_code: ctx.jurisdictionCode,
    department_code: s.departmentCode,
    item_code: s.itemCode,
    time_zone: ctx.zone,
    overdue_cards: ctx.cardRules.overdue,
    clock_status: clock.status,
    level: clock.level,
    next_transition_at: clock.nextTransitionAt,
    deadline_date: clock.deadlineDate,
    legal_deadline_date: clock.legalDeadlineDate,
    warning_from: clock.warningFrom,
    yellow_from: clock.yellowFrom,
    red_from: clock.redFrom,
    stage_warning_from: open ? clock.stageWarningFrom : null,
    // without the now-dependent `late` flag, so that the row changes only when the stage clocks do
    stage_watch: open && clock.stages.length > 0 ? { stages: clock.stages.map(({ late: _late, ...st }) => st), watch: clock.stageWatch } : null,
    provisional: clock.provisional,
    stop: clock.stop,
    ...clockInputColumns(clock),
  }
}
export type CaseClockRow = ReturnType<typeof caseClockRow>

export function petitionRow(p: PetitionState, clock: PetitionClock, ctx: { jurisdictionCode: string | null; zone: string; overdueCards: boolean }) {
  return {
    petition_no: p.petitionNo,
    department_code: p.departmentCode,
    petition_kind: p.petitionKind,
    channel: p.channel,
    status: p.status,
    citizen: p.citizen,
    received_at: p.receivedAt,
    acknowledged_at: p.acknowledgedAt,
    replied_at: p.repliedAt,
    closed_at: p.closedAt,
    rating: p.rating,
    state: p,
    event_count: p.eventCount,
    last_occurred_at: p.lastOccurredAt,
    jurisdiction_code: ctx.jurisdictionCode,
    time_zone: ctx.zone,
    overdue_cards: ctx.overdueCards,
    deadline_date: clock.deadlineDate,
    warning_from: clock.warningFrom,
    yellow_from: clock.yellowFrom,
    red_from: clock.redFrom,
    level: clock.level,
    next_transition_at: clock.nextTransitionAt,
    clock: { phase: clock.phase, limit: clock.limit, deadlineDate: clock.deadlineDate, warningFrom: clock.warningFrom, yellowFrom: clock.yellowFrom, redFrom: clock.redFrom },
  }
}
