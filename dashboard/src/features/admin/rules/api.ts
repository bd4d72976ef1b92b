/**
 * Calls of the rule-change API (server/routes/rule-changes.ts). Shapes are the contracts'
 * (domain/contracts/api/ruleChanges.ts), imported as types only.
 */
import { apiFetch } from '../../../api/client.ts'
import type { CaseMove, PreviewResponse, RuleChangeBody, RuleChangeRecord, SaveResponse } from '../../../../../domain/contracts/api/ruleChanges.ts'

export type { CaseMove, PreviewResponse, RuleChangeBody, RuleChangeRecord, SaveResponse }

export interface History { jurisdictionCode: string; latestId: string | null; items: RuleChangeRecord[] }

const base = '/api/v1/rules'
export const rulesApi = {
  preview: (change: RuleChangeBody, limit = 100) => apiFetch<PreviewResponse>(`${base}/preview`, { method: 'POST', body: { change, limit } }),
  save: (change: RuleChangeBody, reason: string, baseChangeId: string | null) => apiFetch<SaveResponse>(`${base}/changes`, { method: 'POST', body: { change, reason, baseChangeId } }),
  history: (jurisdiction?: string) => apiFetch<History>(`${base}/changes`, { query: { jurisdiction } }),
  undo: (jurisdictionCode: string, changeId: string, reason: string) => apiFetch<SaveResponse>(`${base}/changes/undo`, { method: 'POST', body: { jurisdictionCode, changeId, reason } }),
  jurisdiction: async () => (await apiFetch<{ jurisdictionCode: string }>('/api/v1/calendar/status')).jurisdictionCode,
}

/** Typed i18n keys of levels (slot rows are untyped in templates). */
export const levelKey = (l: string | null) => `adminRules.levels.${(l ?? 'unknown') as 'normal' | 'warning' | 'yellow' | 'red' | 'unknown'}` as const
