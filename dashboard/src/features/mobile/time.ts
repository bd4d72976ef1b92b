/** Times on /m are local times of the jurisdiction (Asia/Shanghai), whatever the phone's zone. */
export const MOBILE_ZONE = 'Asia/Shanghai'

/**
 * A formatter made on first use: building an Intl.DateTimeFormat with a time zone loads the
 * browser's time-zone and locale data, tens of milliseconds on a phone — the first screen shows
 * no time while it is live, so it should not pay for three of them at load.
 */
const lazyFormat = (opts: Intl.DateTimeFormatOptions) => {
  let f: Intl.DateTimeFormat | null = null
  return (ms: number): string => (f ??= new Intl.DateTimeFormat('zh-CN', { ...opts, timeZone: MOBILE_ZONE, hour12: false })).format(ms)
}
const hm = lazyFormat({ hour: '2-digit', minute: '2-digit' })
const mdhm = lazyFormat({ month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
const full = lazyFormat({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })

/** @example hhmm(Date.parse('2026-12-06T02:37:00Z')) // '10:37' */
export const hhmm = (ms: number | null): string => (ms === null ? '--:--' : hm(ms))
export const shortTime = (iso: string): string => mdhm(Date.parse(iso))
export const fullTime = (iso: string | null): string => (iso ? full(Date.parse(iso)) : '—')
