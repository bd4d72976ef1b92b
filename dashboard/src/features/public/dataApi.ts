/** The public site's disclosure calls (types from domain/contracts/api/publicData.ts). */
import { apiFetch } from '../../api/client.ts'
import type { PublicCardList, PublicDepartmentScorecard, PublicOpenCatalogue, PublicScorecards, PublicStatistics } from '../../../../domain/contracts/api/publicData.ts'

export const dataApi = {
  cards: (q: { department?: string; color?: string }) => apiFetch<PublicCardList>('/api/v1/public/cards', { query: q }),
  scorecards: (period: string) => apiFetch<PublicScorecards>('/api/v1/public/scorecards', { query: { period } }),
  scorecard: (code: string, period: string) => apiFetch<PublicDepartmentScorecard>(`/api/v1/public/scorecards/${encodeURIComponent(code)}`, { query: { period } }),
  statistics: (month: string) => apiFetch<PublicStatistics>('/api/v1/public/statistics', { query: { month } }),
  open: () => apiFetch<PublicOpenCatalogue>('/api/v1/public/open'),
}

/** The quarters and years made of some published months (`2026-11` → `2026-Q4`, `2026`), newest first. */
export function periodsOf(months: readonly string[]): { quarters: string[]; years: string[] } {
  const quarters = new Set<string>()
  const years = new Set<string>()
  for (const m of months) {
    const [y, mm] = m.split('-')
    quarters.add(`${y}-Q${Math.ceil(Number(mm) / 3)}`)
    years.add(String(y))
  }
  const desc = (a: string, b: string) => b.localeCompare(a)
  return { quarters: [...quarters].sort(desc), years: [...years].sort(desc) }
}
