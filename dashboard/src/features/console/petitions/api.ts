/** The console's petition calls: the list and one petition (server/routes/petitions.ts), and its images (petition-attachments.ts). */
import { apiFetch } from '../../../api/client.ts'
import type { PetitionAttachmentList } from '../../../../../domain/contracts/api/attachments.ts'

export interface PetitionSummary {
  petitionNo: string
  departmentCode: string
  petitionKind: string | null
  channel: string | null
  status: string
  level: string
  citizen: { name: string; phone?: string; idNumber?: string } | null
  receivedAt: string | null
  repliedAt: string | null
  closedAt: string | null
  rating: number | null
  deadlineDate: string | null
}

export interface PetitionDetail extends PetitionSummary {
  warningFrom: string | null
  yellowFrom: string | null
  redFrom: string | null
  state: { subject?: string } | null
}

export const listPetitions = (page: number) => apiFetch<{ total: number; items: PetitionSummary[] }>('/api/v1/petitions', { query: { limit: 50, offset: (page - 1) * 50 } })
export const getPetition = (no: string) => apiFetch<PetitionDetail>(`/api/v1/petitions/${encodeURIComponent(no)}`)
export const listAttachments = (no: string) => apiFetch<PetitionAttachmentList>(`/api/v1/petitions/${encodeURIComponent(no)}/attachments`)
