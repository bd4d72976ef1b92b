import raw from './data/cn.json' with { type: 'json' }
import { parseCalendarData } from './parseCalendarData.ts'
import type { CalendarData } from './types.ts'

function load(): CalendarData {
  const parsed = parseCalendarData(raw)
  if (!parsed.ok) throw new Error(`shipped calendar data/cn.json is invalid:\n${parsed.errors.join('\n')}`)
  return parsed.data
}

/**
 * The shipped PRC calendar (State Council notices 2015–2026, from chinese-days; see
 * `data/README.md`), validated when the module loads.
 *
 * @example
 * CN_CALENDAR_DATA.years.map((y) => y.year) //=> [2015, …, 2026]
 */
export const CN_CALENDAR_DATA: CalendarData = load()
