import type { AnomalyRule, CaseState } from '../case/foldCase.ts'
import type { CaseClock } from '../clock/caseClock.ts'
import { startOfLocalDay } from '../calendar/startOfLocalDay.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import type { CardRule } from './cardRules.ts'

/** Card rule families; each can be switched off per scheme. */
export interface CardRuleSwitches {
  overdue: boolean
  fee: boolean
  procedure: boolean
  oneTimeNotification: boolean
}

export const DEFAULT_CARD_RULES: CardRuleSwitches = Object.freeze({ overdue: true, fee: true, procedure: true, oneTimeNotification: true })

export type CardColor = 'yellow' | 'red'

/** An automatic card the rules call for. `key` makes issuing idempotent. */
export interface CardDecision {
  key: string
  rule: CardRule
  color: CardColor
  /** Chinese reason shown to supervisors and (once confirmed) the public. */
  reason: string
  explanation: Record<string, unknown>
  /**
   * When the rule was broken: the instant of the event that broke it (UTC ISO), or the local date
   * from whose 00:00 an overdue level holds. `null` when not known (the issuing time stands).
   */
  since: { at: string } | { date: string } | null
}

/**
 * The instant a card takes effect — when its subject crossed the threshold or the event broke
 * the rule — never later than `nowMs` (a card issued by a backfill or a late sweep carries the
 * time it happened, not the time it was recorded). UTC ISO.
 */
export function cardEffectiveAt(since: CardDecision['since'], zone: string, nowMs: number): string {
  const t = since === null ? nowMs : 'at' in since ? Date.parse(since.at) : startOfLocalDay(toEpochDay(since.date), zone)
  return new Date(Number.isFinite(t) ? Math.min(t, nowMs) : nowMs).toISOString()
}

const PROCEDURE_REASONS: Record<Exclude<AnomalyRule, 'repeatedSupplementRequest'>, string> = {
  concludedWithoutAcceptance: '未受理即办结',
  stageOutOfOrder: '关键环节顺序异常',
  concludedWhileSuspended: '特别程序期间办结',
  returnedWithoutReason: '退件未说明理由',
  deniedWithoutReason: '不予许可未说明理由',
}

export interface FeeStandard {
  /** The item's fee standard in yuan; 0 = a free item; null = unknown (no fee rule). */
  feeStandard: number | null
}

/**
 * The automatic cards a case calls for now (PRODUCT.md "Card rules"): overdue yellow/red from
 * the clock; a fee above the standard (or any fee on a free item) → red; procedure anomalies →
 * yellow; a second supplement request (一次性告知 violated) → yellow.
 *
 * Pure and complete: the caller issues the ones not yet issued and revokes issued automatic cards
 * that are no longer called for (late events can change the picture).
 */
export function cardDecisions(state: CaseState, clock: CaseClock, item: FeeStandard, rules: CardRuleSwitches = DEFAULT_CARD_RULES): CardDecision[] {
  const out: CardDecision[] = rules.overdue ? overdueCards('case', state.caseNo, clock) : []
  const key = (rule: string, color: CardColor) => `case:${state.caseNo}:${rule}:${color}`
  if (rules.fee && item.feeStandard !== null && state.feeCharged !== null) {
    const charged = state.feeCharged
    const feeSince = state.feeChargedAt === null ? null : { at: state.feeChargedAt }
    if (item.feeStandard === 0 && charged > 0) {
      out.push({ key: key('fee.chargedForFreeItem', 'red'), rule: 'fee.chargedForFreeItem', color: 'red', reason: `免费事项收费 ${charged.toFixed(2)} 元`, explanation: { charged, standard: 0 }, since: feeSince })
    } else if (charged > item.feeStandard) {
      out.push({ key: key('fee.overcharged', 'red'), rule: 'fee.overcharged', color: 'red', reason: `超标准收费：收取 ${charged.toFixed(2)} 元，标准 ${item.feeStandard.toFixed(2)} 元`, explanation: { charged, standard: item.feeStandard }, since: feeSince })
    }
  }
  const seen = new Set<string>()
  for (const a of state.anomalies) {
    if (seen.has(a.rule)) continue
    seen.add(a.rule)
    if (a.rule === 'repeatedSupplementRequest') {
      if (rules.oneTimeNotification) {
        out.push({ key: key('oneTimeNotification', 'yellow'), rule: 'oneTimeNotification', color: 'yellow', reason: '违反一次性告知：同一办件第二次要求补正', explanation: { at: a.at, eventId: a.eventId, supplements: state.supplements }, since: { at: a.at } })
      }
    } else if (rules.procedure) {
      out.push({ key: key(`procedure.${a.rule}`, 'yellow'), rule: `procedure.${a.rule}` as const, color: 'yellow', reason: PROCEDURE_REASONS[a.rule], explanation: { at: a.at, eventId: a.eventId }, since: { at: a.at } })
    }
  }
  return out
}

/** The clock fields the overdue rule reads. */
export interface OverdueClock {
  level: 'normal' | 'warning' | 'yellow' | 'red'
  deadlineDate: string | null
  yellowFrom: string | null
  redFrom: string | null
  limit: { value: number; unit: 'workday' | 'day' } | null
}

/**
 * Overdue cards for any watched subject (case, petition, supervision order): yellow from the
 * yellow day, and red as well from the red day. The reasons match the sweep's (sql/queries/sweep_*).
 */
export function overdueCards(subject: 'case' | 'petition' | 'order', subjectNo: string, clock: OverdueClock): CardDecision[] {
  if (clock.level !== 'yellow' && clock.level !== 'red') return []
  const why = { deadlineDate: clock.deadlineDate, yellowFrom: clock.yellowFrom, redFrom: clock.redFrom, limit: clock.limit }
  const out: CardDecision[] = [
    { key: `${subject}:${subjectNo}:overdue:yellow`, rule: 'overdue', color: 'yellow', reason: `超期办理：承诺时限截止 ${clock.deadlineDate}，${clock.yellowFrom} 起黄牌`, explanation: why, since: clock.yellowFrom === null ? null : { date: clock.yellowFrom } },
  ]
  if (clock.level === 'red') {
    out.push({ key: `${subject}:${subjectNo}:overdue:red`, rule: 'overdue', color: 'red', reason: `严重超期：承诺时限截止 ${clock.deadlineDate}，${clock.redFrom} 起红牌`, explanation: why, since: clock.redFrom === null ? null : { date: clock.redFrom } })
  }
  return out
}

/** Whether a charged fee is below the standard: not a card, but flagged for review. */
export function feeBelowStandard(state: CaseState, item: FeeStandard): boolean {
  return item.feeStandard !== null && state.feeCharged !== null && state.feeCharged < item.feeStandard
}
