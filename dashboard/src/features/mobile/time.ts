/** Times on /m are local times of the jurisdiction (Asia/Shanghai), whatever the phone's zone. */
export const MOBILE_ZONE = 'Asia/Shanghai'

const fmt = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('zh-CN', { ...opts, timeZone: MOBILE_ZONE, hour12: false })
const hm = fmt({ hour: '2-digit', minute: '2-digit' })
const mdhm = fmt({ month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
const full = fmt({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })

/** @example hhmm(Date.parse('2026-12-06T02:37:00Z')) // '10:37' */
export const hhmm = (ms: number | null): string => (ms === null ? '--:--' : hm.format(ms))
export const shortTime = (iso: string): string => mdhm.format(Date.parse(iso))
export const fullTime = (iso: string | null): string => (iso ? full.format(Date.parse(iso)) : '—')
