import { DISPLAY_TIME_ZONE } from '../config.ts'
import type { Locale } from './index.ts'

/**
 * Format an instant as local date and time in the display zone, e.g. `2026/11/25 10:00:00`
 * (zh-CN) or `11/25/2026, 10:00:00` (en). Returns '' for an invalid instant.
 */
export function formatDateTime(epochMs: number, locale: Locale, timeZone: string = DISPLAY_TIME_ZONE): string {
  if (!Number.isFinite(epochMs)) return ''
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(epochMs)
}

/** Date with weekday, e.g. `2026年11月25日星期三` (zh-CN) or `Wednesday, November 25, 2026` (en). */
export function formatLongDate(epochMs: number, locale: Locale, timeZone: string = DISPLAY_TIME_ZONE): string {
  if (!Number.isFinite(epochMs)) return ''
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full' }).format(epochMs)
}

/** `HH:mm:ss` for an instant of `nowMs`'s local day, `MM-DD HH:mm` for another day. */
export function formatRecentTime(epochMs: number, nowMs: number, locale: Locale, timeZone: string = DISPLAY_TIME_ZONE): string {
  if (!Number.isFinite(epochMs)) return ''
  const day = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms)
  if (day(epochMs) === day(nowMs)) return formatTime(epochMs, locale, timeZone)
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(epochMs)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}

/** Time of day, `HH:mm:ss`. */
export function formatTime(epochMs: number, locale: Locale, timeZone: string = DISPLAY_TIME_ZONE): string {
  if (!Number.isFinite(epochMs)) return ''
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(epochMs)
}
