/** The public site's calls to /api/v1/public/* (types from domain/contracts/api/public.ts). */
import { apiFetch } from '../../api/client.ts'
import type {
  PublicChallenge,
  PublicComplaintReceipt,
  PublicComplaintRequest,
  PublicComplaintStatus,
  PublicDepartmentList,
  PublicItemDetail,
  PublicAnnouncement,
  PublicAnnouncementList,
  PublicCaseProgress,
  PublicItemList,
  PublicRanking,
  PublicToday,
} from '../../../../domain/contracts/api/public.ts'
import { solveInWorker } from './solveInWorker.ts'

export const publicApi = {
  departments: () => apiFetch<PublicDepartmentList>('/api/v1/public/departments'),
  items: (q: string, department: string) => apiFetch<PublicItemList>('/api/v1/public/items', { query: { q, department } }),
  item: (code: string) => apiFetch<PublicItemDetail>(`/api/v1/public/items/${encodeURIComponent(code)}`),
  caseProgress: (caseNo: string, queryCode: string) => apiFetch<PublicCaseProgress>('/api/v1/public/cases/lookup', { method: 'POST', body: { caseNo, queryCode } }),
  announcements: (column: string) => apiFetch<PublicAnnouncementList>('/api/v1/public/announcements', { query: { column } }),
  announcement: (id: string) => apiFetch<PublicAnnouncement>(`/api/v1/public/announcements/${encodeURIComponent(id)}`),
  ranking: () => apiFetch<PublicRanking>('/api/v1/public/ranking'),
  today: () => apiFetch<PublicToday>('/api/v1/public/today'),
  /** Fetches a challenge and solves it in a worker (in the page where none can start). */
  async solvedChallenge(signal?: AbortSignal): Promise<string> {
    const c = await apiFetch<PublicChallenge>('/api/v1/public/challenge', signal ? { signal } : {})
    const payload = await solveInWorker(c, signal)
    if (!payload) throw new Error('challenge')
    return payload
  },
  file: (body: PublicComplaintRequest) => apiFetch<PublicComplaintReceipt>('/api/v1/public/complaints', { method: 'POST', body }),
  track: (code: string) => apiFetch<PublicComplaintStatus>('/api/v1/public/complaints/track', { method: 'POST', body: { code } }),
  rate: (code: string, rating: number, altcha: string) => apiFetch<PublicComplaintStatus>('/api/v1/public/complaints/rate', { method: 'POST', body: { code, rating, altcha } }),
}

/** `{n} 个工作日` / `即办` for a limit. */
export function limitText(n: number | null, unit: 'workday' | 'day', t: { workday: string; day: string; immediate: string }): string {
  if (n === null) return '—'
  if (n === 0) return t.immediate
  return (unit === 'day' ? t.day : t.workday).replace('{n}', String(n))
}

/** A date in the site's zone, e.g. 2026年12月6日 (siteTime.ts: without Intl). */
export { dateText } from './siteTime.ts'

export const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)
