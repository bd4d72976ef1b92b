import { DateTime } from 'luxon'

export interface PerformancePeriod {
  kind: 'month' | 'quarter' | 'year'
  /** `2026-11`, `2026-Q4` or `2026` */
  key: string
  /** the months it is made of, `YYYY-MM` */
  months: string[]
  /** first and last local day, inclusive */
  startDate: string
  endDate: string
  /** 00:00 local of the first day and of the day after the last (half-open), ms since the epoch */
  startAt: number
  endAt: number
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/
const QUARTER = /^(\d{4})-Q([1-4])$/
const YEAR = /^(\d{4})$/

/**
 * A scoring period from its key: a calendar month (`2026-11`), quarter (`2026-Q4`) or year
 * (`2026`) in the jurisdiction's zone (plain calendar periods: a month runs from 00:00 local of its
 * first day to 24:00 of its last). The statistics' period rules (统计时间配置: a month closing on its
 * last working day or a configured day) are not applied here yet; when they are, this is the one
 * function to switch to them.
 *
 * @returns the period, or `null` for a malformed key, a year outside 2000–2099 or an unknown zone
 *
 * @example
 * performancePeriod('2026-02').endDate //=> '2026-02-28'
 * performancePeriod('2026-Q4').months  //=> ['2026-10', '2026-11', '2026-12']
 */
export function performancePeriod(key: string, zone = 'Asia/Shanghai'): PerformancePeriod | null {
  let kind: PerformancePeriod['kind']
  let year: number
  let first: number
  let count: number
  let m: RegExpExecArray | null
  if ((m = MONTH.exec(key))) { kind = 'month'; year = Number(m[1]); first = Number(m[2]); count = 1 }
  else if ((m = QUARTER.exec(key))) { kind = 'quarter'; year = Number(m[1]); first = (Number(m[2]) - 1) * 3 + 1; count = 3 }
  else if ((m = YEAR.exec(key))) { kind = 'year'; year = Number(m[1]); first = 1; count = 12 }
  else return null
  if (year < 2000 || year > 2099) return null
  const start = DateTime.fromObject({ year, month: first, day: 1 }, { zone })
  if (!start.isValid) return null
  const end = start.plus({ months: count })
  const months = Array.from({ length: count }, (_, i) => start.plus({ months: i }).toFormat('yyyy-MM'))
  return {
    kind, key, months,
    startDate: start.toISODate()!,
    endDate: end.minus({ days: 1 }).toISODate()!,
    startAt: start.toMillis(),
    endAt: end.toMillis(),
  }
}
