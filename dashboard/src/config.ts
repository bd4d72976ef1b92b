/**
 * Display settings of the dashboard.
 *
 * Times are shown in the jurisdiction's zone, not the browser's: a wall PC or a leader's phone set
 * to another zone must still show Beijing time. When the server exposes the configured zone, read
 * it from there instead of this constant.
 */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'

/** How often the landing page and the wall check `/readyz`. */
export const HEALTH_INTERVAL_MS = 10_000
