/**
 * The administration's API calls. Shapes come from domain/contracts/api/admin.ts and
 * domain/contracts/api/users.ts (types only).
 */
import { apiFetch, ApiError } from '../../api/client.ts'
import type { AdminDepartment, AdminItem, DepartmentCreate, DepartmentPatch, ItemImportReport, ItemPatch, Jurisdiction, QueueStatus, SourceKeyCreate, SourceKeyIssued, SourceKeyView } from '../../../../domain/contracts/api/admin.ts'
import type { UserRole } from '../../composables/useSession.ts'
import type { AdminUser } from '../../../../domain/contracts/api/users.ts'

export type { AdminUser, AdminDepartment, AdminItem, ItemImportReport, Jurisdiction, QueueStatus, SourceKeyIssued, SourceKeyView }

export interface NewUser { login: string; displayName: string; roles: UserRole[]; departmentCode?: string | null; jurisdictionCode?: string | null; password?: string }

export const listJurisdictions = () => apiFetch<{ items: Jurisdiction[] }>('/api/v1/admin/jurisdictions')
export const listDepartments = () => apiFetch<{ items: AdminDepartment[] }>('/api/v1/admin/departments')
export const createDepartment = (body: DepartmentCreate) => apiFetch<AdminDepartment>('/api/v1/admin/departments', { method: 'POST', body })
export const patchDepartment = (code: string, body: DepartmentPatch) => apiFetch<AdminDepartment>(`/api/v1/admin/departments/${encodeURIComponent(code)}`, { method: 'PATCH', body })

export const listItems = (query: { department?: string; q?: string }) => apiFetch<{ items: AdminItem[] }>('/api/v1/admin/items', { query })
export const patchItem = (code: string, body: ItemPatch) => apiFetch<AdminItem>(`/api/v1/admin/items/${encodeURIComponent(code)}`, { method: 'PATCH', body })
/** `acceptedFrom`: changed limits only for the cases accepted from that date (null: every case). */
export const previewImport = (file: string, acceptedFrom: string | null = null) => apiFetch<ItemImportReport>('/api/v1/admin/items/import/preview', { method: 'POST', body: { file, ...(acceptedFrom ? { acceptedFrom } : {}) } })
export const applyImport = (file: string, acceptedFrom: string | null = null) => apiFetch<ItemImportReport>('/api/v1/admin/items/import', { method: 'POST', body: { file, ...(acceptedFrom ? { acceptedFrom } : {}) } })
export const ITEMS_EXPORT_URL = '/api/v1/admin/items/export.xlsx'

export const listUsers = (query: { q?: string; limit?: number }) => apiFetch<{ total: number; items: AdminUser[] }>('/api/v1/users', { query })
export const createUser = (body: NewUser) => apiFetch<AdminUser>('/api/v1/users', { method: 'POST', body })
export const patchUser = (id: string, body: Partial<Pick<AdminUser, 'displayName' | 'roles' | 'departmentCode' | 'jurisdictionCode' | 'active'>>) => apiFetch<AdminUser>(`/api/v1/users/${id}`, { method: 'PATCH', body })
export const resetPassword = (id: string, password: string) => apiFetch<void>(`/api/v1/users/${id}/password`, { method: 'POST', body: { password } })
export const unlockUser = (id: string) => apiFetch<AdminUser>(`/api/v1/users/${id}/unlock`, { method: 'POST' })

export const listKeys = () => apiFetch<{ items: SourceKeyView[] }>('/api/v1/admin/source-keys')
export const createKey = (body: SourceKeyCreate) => apiFetch<SourceKeyIssued>('/api/v1/admin/source-keys', { method: 'POST', body })
export const rotateKey = (id: string, graceHours: number) => apiFetch<SourceKeyIssued>(`/api/v1/admin/source-keys/${id}/rotate`, { method: 'POST', body: { graceHours } })
export const revokeKey = (id: string) => apiFetch<SourceKeyView>(`/api/v1/admin/source-keys/${id}/revoke`, { method: 'POST' })

export const queueStatus = () => apiFetch<QueueStatus>('/api/v1/admin/queues')
export interface AuditVerification { ok: boolean; checked: number; head: { seq: number; hash: string }; firstBroken: { seq: number; reason: string } | null }
export const verifyAudit = () => apiFetch<AuditVerification>('/api/v1/admin/audit/verify')
export interface Readiness { status: string; postgres: string; redis: string }
/** /readyz answers 503 with the same body when not ready. */
export async function readiness(): Promise<Readiness> {
  const res = await fetch('/readyz', { headers: { accept: 'application/json' } })
  return (await res.json()) as Readiness
}

/** A file's bytes as base64 (for the XLSX upload). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

/** An error's message in the locale. */
export const errorText = (err: unknown, locale: string): string => (err instanceof ApiError ? err.localized(locale) : err instanceof Error ? err.message : String(err))
