import { gradeOf } from './gradeOf.ts'
import { round2 } from './_lib.ts'
import type { Grade, PeerGroup, PerformanceScheme } from './types.ts'

export interface MonthScore {
  departmentCode: string
  name: string
  peerGroup: PeerGroup
  month: string
  score: number
  volume: number
}

export interface PeriodScore {
  departmentCode: string
  name: string
  peerGroup: PeerGroup
  /** mean of the months scored, two decimals */
  score: number
  grade: Grade
  months: string[]
  volume: number
  /** total volume below minVolume × months scored */
  insufficient: boolean
}

/**
 * Quarter and year scores: the mean of the department's monthly scores (PRODUCT.md: "Quarter and
 * year are the mean of months"), graded with the scheme's cut-offs. Months in which a department
 * was not scored do not count (a department created mid-quarter is the mean of its own months).
 * The peer group and name are the latest month's.
 *
 * @example
 * meanOfMonths([{…, month: '2026-10', score: 90}, {…, month: '2026-11', score: 85}, {…, month: '2026-12', score: 71}], cuts)
 * //=> [{ score: 82, grade: 'good', months: ['2026-10', '2026-11', '2026-12'], … }]
 */
export function meanOfMonths(rows: readonly MonthScore[], scheme: Pick<PerformanceScheme, 'grades' | 'minVolume'>): PeriodScore[] {
  const by = new Map<string, MonthScore[]>()
  for (const r of rows) {
    const list = by.get(r.departmentCode) ?? []
    list.push(r)
    by.set(r.departmentCode, list)
  }
  const out: PeriodScore[] = []
  for (const [code, list] of by) {
    list.sort((a, b) => (a.month < b.month ? -1 : 1))
    const last = list[list.length - 1]!
    const score = round2(list.reduce((s, r) => s + r.score, 0) / list.length)
    const volume = list.reduce((s, r) => s + r.volume, 0)
    out.push({
      departmentCode: code, name: last.name, peerGroup: last.peerGroup, score, grade: gradeOf(score, scheme.grades),
      months: list.map((r) => r.month), volume, insufficient: volume < scheme.minVolume * list.length,
    })
  }
  return out.sort((a, b) => (a.departmentCode < b.departmentCode ? -1 : 1))
}
