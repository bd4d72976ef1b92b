/**
 * The home page's data, read before the page is drawn: the route waits for it (routes.ts, at most
 * HOME_WAIT_MS), so the page's first render already has the figures, the ranking and the
 * announcements — over the server's pre-rendered page nothing appears late and moves what is
 * below it (layout shift). The server's shell preloads the three answers (server/routes/public-pages.ts).
 */
import type { PublicAnnouncementSummary, PublicRanking, PublicToday } from '../../../../domain/contracts/api/public.ts'
import { publicApi } from './api.ts'

export interface HomeData {
  today: PublicToday | null
  ranking: PublicRanking | null
  /** the latest live announcements (three) */
  notices: PublicAnnouncementSummary[]
}

/** How long a navigation to the home page waits for its data (then the page draws and fills in). */
export const HOME_WAIT_MS = 3000

let pending: Promise<HomeData> | null = null
let ready: HomeData | null = null

/** Starts reading the home page's data (each failed read leaves its part empty). */
export function loadHome(): Promise<HomeData> {
  ready = null
  const p = Promise.all([
    publicApi.today().catch(() => null),
    publicApi.ranking().catch(() => null),
    publicApi.announcements('').then((n) => n.items.slice(0, 3), () => []),
  ]).then(([today, ranking, notices]): HomeData => ({ today, ranking, notices }))
  pending = p
  void p.then((d) => {
    if (pending === p) ready = d
  })
  return p
}

/** The route's guard: reads the data, waiting for it at most HOME_WAIT_MS. Always lets the navigation through. */
export async function homeGuard(): Promise<true> {
  await Promise.race([loadHome(), new Promise((resolve) => setTimeout(resolve, HOME_WAIT_MS))])
  return true
}

/** The data the guard read: at once when it has arrived, else the read under way (or a new one). */
export function takeHome(): { now: HomeData | null; later: Promise<HomeData> } {
  const now = ready
  const later = pending ?? loadHome()
  ready = null
  pending = null
  return { now, later: now ? Promise.resolve(now) : later }
}
