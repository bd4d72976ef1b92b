/**
 * The home page's data, read before the page is drawn (prefetch.ts; the route waits for it): the
 * first render already has the figures, the ranking and the announcements — over the server's
 * pre-rendered page nothing appears late and pushes the footer down (that was the home page's
 * layout shift). The server's shell preloads the three answers (server/routes/public-pages.ts).
 * Also the guide item's (its page drew the layout's footer alone first: the page's largest paint).
 */
import type { PublicAnnouncementSummary, PublicItemDetail, PublicRanking, PublicToday } from '../../../../domain/contracts/api/public.ts'
import { publicApi } from './api.ts'
import { prefetchGuard, takePrefetched } from './prefetch.ts'

export interface HomeData {
  today: PublicToday | null
  ranking: PublicRanking | null
  /** the latest live announcements (three) */
  notices: PublicAnnouncementSummary[]
}

/** The three reads (each failed one leaves its part empty: never rejects). */
const loadHome = (): Promise<HomeData> =>
  Promise.all([
    publicApi.today().catch(() => null),
    publicApi.ranking().catch(() => null),
    publicApi.announcements('').then((n) => n.items.slice(0, 3), () => []),
  ]).then(([today, ranking, notices]) => ({ today, ranking, notices }))

export const homeGuard = () => prefetchGuard('home', loadHome)
export const takeHome = () => takePrefetched('home', loadHome)

const itemKey = (code: string) => `item:${code}`
export const itemGuard = (code: string) => prefetchGuard(itemKey(code), () => publicApi.item(code))
export const takeItem = (code: string) => takePrefetched<PublicItemDetail>(itemKey(code), () => publicApi.item(code))
