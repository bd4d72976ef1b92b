/** The public content page's calls (shapes from domain/contracts/api/publicContent.ts, types only). */
import { apiFetch } from '../../../api/client.ts'
import type { AdminAnnouncement, AdminAnnouncementList, AnnouncementPatch, AnswerCandidateList } from '../../../../../domain/contracts/api/publicContent.ts'
import type { AnnouncementRequest } from '../../../../../domain/contracts/api/public.ts'

export type { AdminAnnouncement }
export const listAnnouncements = () => apiFetch<AdminAnnouncementList>('/api/v1/announcements')
export const createAnnouncement = (body: AnnouncementRequest) => apiFetch<{ id: string }>('/api/v1/announcements', { method: 'POST', body })
export const patchAnnouncement = (id: string, body: AnnouncementPatch) => apiFetch<AdminAnnouncement>(`/api/v1/announcements/${id}`, { method: 'PATCH', body })
export const listAnswers = (onlyUnpublished: boolean) => apiFetch<AnswerCandidateList>('/api/v1/answers', { query: onlyUnpublished ? { published: 'false' } : {} })
export const setPublication = (petitionNo: string, published: boolean) =>
  apiFetch<{ petitionNo: string; publishedId: string | null }>(`/api/v1/answers/${encodeURIComponent(petitionNo)}/publication`, { method: 'POST', body: { published } })
