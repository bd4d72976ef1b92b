/**
 * The mobile API's reads turned into its answers (domain/contracts/api/mobile.ts): rows of
 * sql/queries/mobile_*.sql → the shapes the /m pages render. Pure mapping and small arithmetic.
 */
import type { MobileCard, MobileDepartmentRow, MobileOverview, MobileRankingRow, MobileRankings } from '../../domain/contracts/api/mobile.ts'

export interface OverviewRow {
  local_date: string
  departments: number
  assigned: boolean
  received: number; received_y: number
  accepted: number; accepted_y: number
  concluded: number; concluded_y: number
  open: number; open_change: number
  warning: number; warning_change: number
  yellow: number; yellow_change: number
  red: number; red_change: number
  month_concluded: number; month_on_time: number; month_concluded_y: number; month_on_time_y: number
  petitions_open: number; petitions_open_change: number
  petitions_overdue: number; petitions_overdue_change: number
  awaiting: number
}

const rate = (onTime: number, concluded: number): number | null => (concluded === 0 ? null : Math.round((onTime / concluded) * 10000) / 10000)

export function overviewOf(r: OverviewRow, asOf: Date): MobileOverview {
  const now = rate(r.month_on_time, r.month_concluded)
  const before = rate(r.month_on_time_y, r.month_concluded_y)
  return {
    asOf: asOf.toISOString(),
    localDate: r.local_date,
    scope: r.assigned ? 'assigned' : 'jurisdiction',
    departments: r.departments,
    received: { value: r.received, change: r.received - r.received_y },
    accepted: { value: r.accepted, change: r.accepted - r.accepted_y },
    concluded: { value: r.concluded, change: r.concluded - r.concluded_y },
    open: { value: r.open, change: r.open_change },
    warning: { value: r.warning, change: r.warning_change },
    yellow: { value: r.yellow, change: r.yellow_change },
    red: { value: r.red, change: r.red_change },
    onTimeRate: { value: now, change: now === null || before === null ? null : Math.round((now - before) * 10000) / 10000, concluded: r.month_concluded },
    petitionsOpen: { value: r.petitions_open, change: r.petitions_open_change },
    petitionsOverdue: { value: r.petitions_overdue, change: r.petitions_overdue_change },
    awaitingInstruction: r.awaiting,
  }
}

export interface CardRow {
  id: string; subject: string; subject_no: string; department_code: string; department_name: string | null
  color: 'yellow' | 'red'; rule: string; reason: string; manual: boolean; issued_at: Date; total: string
}
/** A card's reason in a list: its first 80 characters (the case view has it whole), so 30 cards stay well under 20 KB. */
export const listReason = (reason: string): string => (reason.length > 80 ? `${reason.slice(0, 79)}…` : reason)

export const cardOf = (r: CardRow): MobileCard => ({
  id: r.id, subject: r.subject, subjectNo: r.subject_no, departmentCode: r.department_code, departmentName: r.department_name,
  color: r.color, rule: r.rule, reason: listReason(r.reason), manual: r.manual, issuedAt: r.issued_at.toISOString(),
})

export interface DepartmentRow { code: string; name: string; open: number; warning: number; yellow: number; red: number; active_cards: number }
export const departmentOf = (r: DepartmentRow): MobileDepartmentRow => ({
  code: r.code, name: r.name, open: r.open, warning: r.warning, yellow: r.yellow, red: r.red, activeCards: r.active_cards,
})

export interface RankingRow { code: string; name: string; month: string; concluded: number; on_time: number }

/**
 * Ranks departments by this month's on-time rate; those with fewer than `minConcluded` concluded
 * cases are listed apart (a department with two cases must not top one with hundreds). Ties: more
 * cases first, then code.
 */
export function rankingsOf(rows: readonly RankingRow[], month: string, minConcluded: number): MobileRankings {
  const all: MobileRankingRow[] = rows.map((r) => ({ code: r.code, name: r.name, concluded: r.concluded, onTime: r.on_time, rate: rate(r.on_time, r.concluded) }))
  const byRate = (a: MobileRankingRow, b: MobileRankingRow) => (b.rate ?? -1) - (a.rate ?? -1) || b.concluded - a.concluded || a.code.localeCompare(b.code)
  return {
    month,
    minConcluded,
    ranked: all.filter((r) => r.concluded >= minConcluded).sort(byRate),
    tooFew: all.filter((r) => r.concluded < minConcluded).sort(byRate),
  }
}
