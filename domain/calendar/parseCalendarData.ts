import { isoDayOfWeek } from './isoDayOfWeek.ts'
import { toEpochDay } from './toEpochDay.ts'
import type { CalendarData, NoticeDay, NoticeYear } from './types.ts'

/** The result of `parseCalendarData`: the data, or every problem found. */
export type ParseCalendarDataResult =
  | { readonly ok: true; readonly data: CalendarData }
  | { readonly ok: false; readonly errors: readonly string[] }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0

/**
 * Validates calendar data of unknown origin (the shipped `cn.json`, or a notice an administrator
 * uploads) and returns it typed, or the list of everything wrong with it. It never throws and never
 * mutates its input.
 *
 * Checks: `schemaVersion` is 1 (the only version so far; a future version adds an `up()` from 1
 * here); years are integers in ascending order without repeats; every date exists, lies in its year,
 * appears once, and is not both a holiday and an adjusted working day; adjusted working days
 * (调休上班) are Saturdays or Sundays; every entry has a Chinese and an English name.
 *
 * @param input - parsed JSON
 * @returns `{ ok: true, data }` or `{ ok: false, errors }`
 *
 * @example
 * parseCalendarData({ schemaVersion: 1, jurisdiction: 'CN', source: {...}, years: [] }).ok //=> true
 * parseCalendarData({ schemaVersion: 2 }).ok //=> false
 */
export function parseCalendarData(input: unknown): ParseCalendarDataResult {
  const errors: string[] = []
  if (!isObject(input)) return { ok: false, errors: ['calendar data must be an object'] }
  if (input['schemaVersion'] !== 1) errors.push(`unsupported schemaVersion ${String(input['schemaVersion'])} (expected 1)`)
  if (!isText(input['jurisdiction'])) errors.push('jurisdiction must be a non-empty string')
  const source = input['source']
  if (!isObject(source) || !['package', 'version', 'license', 'url', 'file'].every((k) => typeof source[k] === 'string')) {
    errors.push('source must have package, version, license, url and file')
  }
  const years = input['years']
  if (!Array.isArray(years)) {
    errors.push('years must be an array')
    return { ok: false, errors }
  }
  let previousYear = -Infinity
  years.forEach((y: unknown, i) => {
    if (!isObject(y)) {
      errors.push(`years[${i}] must be an object`)
      return
    }
    const year = y['year']
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 1970 || year > 9999) {
      errors.push(`years[${i}].year must be an integer year ≥ 1970`)
      return
    }
    if (year <= previousYear) errors.push(`years[${i}]: ${year} is out of order or repeated`)
    previousYear = year
    if (y['status'] !== 'official') errors.push(`${year}: status must be "official"`)
    const seen = new Map<string, string>()
    for (const list of ['holidays', 'adjustedWorkdays'] as const) {
      const days = y[list]
      if (!Array.isArray(days)) {
        errors.push(`${year}: ${list} must be an array`)
        continue
      }
      let previous = ''
      days.forEach((d: unknown, j) => {
        if (!isObject(d) || !isText(d['date']) || !isText(d['name']) || !isText(d['nameEn'])) {
          errors.push(`${year}: ${list}[${j}] needs date, name and nameEn`)
          return
        }
        const date = d['date']
        const epochDay = toEpochDay(date)
        if (Number.isNaN(epochDay) || !date.startsWith(`${year}-`)) {
          errors.push(`${year}: ${list}[${j}] ${date} is not a date in ${year}`)
          return
        }
        if (date <= previous) errors.push(`${year}: ${list} out of order at ${date}`)
        previous = date
        const other = seen.get(date)
        if (other !== undefined) errors.push(`${year}: ${date} appears in ${other} and ${list}`)
        seen.set(date, list)
        if (list === 'adjustedWorkdays' && isoDayOfWeek(epochDay) < 6) {
          errors.push(`${year}: adjusted working day ${date} is not a Saturday or Sunday`)
        }
      })
    }
  })
  if (errors.length > 0) return { ok: false, errors }
  const data = input as unknown as CalendarData
  // Copy so that later mutation of the input cannot change the calendar.
  const copy: CalendarData = {
    schemaVersion: 1,
    jurisdiction: data.jurisdiction,
    source: { ...data.source },
    years: data.years.map(
      (y): NoticeYear => ({
        year: y.year,
        status: 'official',
        holidays: y.holidays.map((d): NoticeDay => ({ date: d.date, name: d.name, nameEn: d.nameEn })),
        adjustedWorkdays: y.adjustedWorkdays.map((d): NoticeDay => ({ date: d.date, name: d.name, nameEn: d.nameEn })),
      }),
    ),
  }
  return { ok: true, data: copy }
}
