/**
 * How a custom report over [from, to] reads the rollups of migration 220: whole calendar months
 * from the monthly tables, every other day from the daily ones — exactly the days of [from, to],
 * each once, with its period label. A month is read whole only when it lies inside [from, to] and
 * all its days carry the same label (a statistical month closing on the 25th splits two calendar
 * months; a week never covers one).
 */
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'

export interface RollupSegments {
  /** first days (YYYY-MM-DD) of the months read whole, and their labels */
  readonly months: string[]
  readonly monthLabels: string[]
  /** the other days, and their labels */
  readonly days: string[]
  readonly dayLabels: string[]
}

/**
 * @param from - first day, YYYY-MM-DD (inclusive)
 * @param to - last day, YYYY-MM-DD (inclusive)
 * @param labels - the label of each day of [from, to] in order (the period dimension), or null: every day labelled ''
 *
 * @example
 * rollupSegments('2026-01-15', '2026-03-31', null)
 * //=> { months: ['2026-02-01', '2026-03-01'], monthLabels: ['', ''], days: ['2026-01-15', … '2026-01-31'], dayLabels: ['', …] }
 */
export function rollupSegments(from: string, to: string, labels: readonly string[] | null): RollupSegments {
  const a = toEpochDay(from)
  const b = toEpochDay(to)
  const out: RollupSegments = { months: [], monthLabels: [], days: [], dayLabels: [] }
  const labelOf = (d: number) => (labels ? labels[d - a]! : '')
  let d = a
  while (d <= b) {
    const date = fromEpochDay(d)
    const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))]
    const next = toEpochDay(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`)
    const whole = date.endsWith('-01') && next - 1 <= b
    let same = whole
    for (let k = d + 1; same && k < next; k++) same = labelOf(k) === labelOf(d)
    if (same) {
      out.months.push(date)
      out.monthLabels.push(labelOf(d))
      d = next
    } else {
      out.days.push(date)
      out.dayLabels.push(labelOf(d))
      d++
    }
  }
  return out
}
