import { DateTime } from 'luxon'

/** Quiet hours as local minutes of the day: [start, end) wrapping midnight when start > end. */
export interface QuietHours {
  /** @default 21 * 60 (21:00) */
  readonly startMinute: number
  /** @default 8 * 60 (08:00) */
  readonly endMinute: number
}

export const DEFAULT_QUIET_HOURS: QuietHours = Object.freeze({ startMinute: 21 * 60, endMinute: 8 * 60 })

/**
 * Whether a non-urgent SMS may go out now, and if not, when: quiet hours hold it until the end
 * of the quiet period (08:00 local by default). The start is inclusive, the end exclusive:
 * 21:00:00 is quiet, 08:00:00 is not. Urgent messages are never held.
 *
 * @pure `nowMs` is an input
 * @param nowMs - the instant (epoch ms)
 * @param zone - the IANA zone whose clock counts (the jurisdiction's)
 * @param urgent - urgent messages ignore quiet hours
 * @param quiet - the quiet period @default DEFAULT_QUIET_HOURS (21:00–08:00)
 * @returns `null` when it may be sent now, else the instant (epoch ms) the hold ends; `null` also
 *   for an unknown zone or an empty period (start = end), so that nothing is held forever
 *
 * @example
 * quietHoursRelease(Date.parse('2026-03-02T22:15:00+08:00'), 'Asia/Shanghai', false)
 * //=> Date.parse('2026-03-03T08:00:00+08:00')
 * quietHoursRelease(Date.parse('2026-03-02T07:59:00+08:00'), 'Asia/Shanghai', false)
 * //=> Date.parse('2026-03-02T08:00:00+08:00')
 * quietHoursRelease(Date.parse('2026-03-02T22:15:00+08:00'), 'Asia/Shanghai', true) //=> null
 */
export function quietHoursRelease(nowMs: number, zone: string, urgent: boolean, quiet: QuietHours = DEFAULT_QUIET_HOURS): number | null {
  if (urgent || quiet.startMinute === quiet.endMinute) return null
  const local = DateTime.fromMillis(nowMs, { zone })
  if (!local.isValid) return null
  const minute = local.hour * 60 + local.minute
  const wraps = quiet.startMinute > quiet.endMinute
  const inQuiet = wraps ? minute >= quiet.startMinute || minute < quiet.endMinute : minute >= quiet.startMinute && minute < quiet.endMinute
  if (!inQuiet) return null
  let release = local.startOf('day').plus({ minutes: quiet.endMinute })
  if (release.toMillis() <= nowMs) release = local.startOf('day').plus({ days: 1 }).plus({ minutes: quiet.endMinute })
  return release.toMillis()
}
