/** The public site's content calls: search, published letters, satisfaction (types from publicContent.ts). */
import { apiFetch } from '../../api/client.ts'
import type { PublicAnswer, PublicAnswerList, PublicAnswerRatings, PublicSatisfaction, PublicSearchResult } from '../../../../domain/contracts/api/publicContent.ts'

export const contentApi = {
  search: (q: string) => apiFetch<PublicSearchResult>('/api/v1/public/search', { query: { q } }),
  letters: () => apiFetch<PublicAnswerList>('/api/v1/public/answers'),
  /** `revalidate`: this browser changed the letter (rated it), so a cached copy may be older than that. */
  letter: (id: string, revalidate = false) =>
    apiFetch<PublicAnswer>(`/api/v1/public/answers/${encodeURIComponent(id)}`, revalidate ? { cache: 'no-cache' } : {}),
  satisfaction: () => apiFetch<PublicSatisfaction>('/api/v1/public/satisfaction'),
  rateLetter: (id: string, rating: number, altcha: string) =>
    apiFetch<PublicAnswerRatings>(`/api/v1/public/answers/${encodeURIComponent(id)}/rate`, { method: 'POST', body: { rating, altcha } }),
}

/** The page of a search hit. */
export const hitPath = (kind: 'item' | 'announcement' | 'answer', id: string) =>
  kind === 'item' ? `/public/guide/${encodeURIComponent(id)}` : kind === 'announcement' ? `/public/notices/${id}` : `/public/letters/${id}`
