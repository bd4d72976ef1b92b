/**
 * Calls of the performance API (server/routes/performance.ts) and the shapes they answer.
 * Scorecards are the domain's types (imported as types only).
 */
import { apiFetch } from '../../../api/client.ts'
import type { PeerGroup, RankedScore, Scorecard, ScoreLine } from '../../../../../domain/performance/types.ts'
import type { RunState } from '../../../../../domain/performance/nextRunState.ts'

export type { PeerGroup, RankedScore, Scorecard, ScoreLine, RunState }

export interface RunSummary {
  id: string
  jurisdictionCode: string
  period: string
  version: number
  revises: string | null
  revisionReason: string | null
  state: RunState
  schemeVersion: number
  computedAt: string
  createdByName: string
  publishedAt: string | null
  supersededBy: string | null
  departments: number
  failing: number
}

/** A ranking row: the scorecard without traces (each line says how many facts are behind it). */
export type RankRow = Omit<RankedScore, 'lines' | 'handlers'> & { lines: (Omit<ScoreLine, 'trace'> & { count: number })[] }

export interface RunView {
  run: RunSummary & { scheme: { minVolume: number } }
  groups: { peerGroup: PeerGroup; ranked: RankRow[]; insufficient: RankRow[] }[]
  corrections: { id: string; departmentCode: string; points: number; reason: string; createdByName: string; createdAt: string }[]
  comments: { id: string; departmentCode: string | null; body: string; authorName: string; authorRole: string; createdAt: string }[]
  steps: { id: string; action: string; fromState: string | null; toState: string; note: string | null; actorName: string; actorRole: string; at: string }[]
}

export type StepPath = 'submit' | 'approve' | 'publish' | 'recompute'

const base = '/api/v1/performance'
export const performanceApi = {
  runs: (query: { jurisdiction?: string; period?: string } = {}) => apiFetch<RunSummary[]>(`${base}/runs`, { query }),
  compute: (jurisdictionCode: string, period: string) => apiFetch<{ id: string }>(`${base}/runs`, { method: 'POST', body: { jurisdictionCode, period } }),
  run: (id: string) => apiFetch<RunView>(`${base}/runs/${id}`),
  scorecard: (id: string, code: string) => apiFetch<{ scorecard: RankedScore; computed: Scorecard }>(`${base}/runs/${id}/departments/${encodeURIComponent(code)}`),
  step: (id: string, path: StepPath, note?: string) => apiFetch(`${base}/runs/${id}/${path}`, { method: 'POST', body: path === 'recompute' ? {} : note ? { note } : {} }),
  giveBack: (id: string, reason: string) => apiFetch(`${base}/runs/${id}/return`, { method: 'POST', body: { reason } }),
  revise: (id: string, reason: string) => apiFetch<{ id: string }>(`${base}/runs/${id}/revisions`, { method: 'POST', body: { reason } }),
  comment: (id: string, body: string, departmentCode?: string) => apiFetch(`${base}/runs/${id}/comments`, { method: 'POST', body: departmentCode ? { body, departmentCode } : { body } }),
  correct: (id: string, departmentCode: string, points: number, reason: string) => apiFetch(`${base}/runs/${id}/corrections`, { method: 'POST', body: { departmentCode, points, reason } }),
  recommendationUrl: (id: string, code: string) => `${base}/runs/${id}/departments/${encodeURIComponent(code)}/recommendation.docx`,
}

/** The line of a ranking row, by indicator kind. */
export const lineOf = (row: { lines: { kind: string }[] }, kind: string) => row.lines.find((l) => l.kind === kind)
/** The sum of a row's negative lines (deductions), e.g. −20. */
export const deductions = (row: { lines: { points: number }[] }) => Math.round(row.lines.reduce((s, l) => s + (l.points < 0 ? l.points : 0), 0) * 100) / 100
export const gradeTag = (g: string): 'success' | 'primary' | 'warning' | 'danger' => (g === 'excellent' ? 'success' : g === 'good' ? 'primary' : g === 'pass' ? 'warning' : 'danger')

/** Typed i18n keys of the enumerations (slot rows are untyped in templates). */
export const keys = {
  state: (s: string) => `performance.states.${s as RunState}` as const,
  grade: (g: string) => `performance.grades.${g as 'excellent' | 'good' | 'pass' | 'fail'}` as const,
  group: (g: PeerGroup) => `performance.groups.${g}` as const,
}

/** "93.3% (14/15)": the on-time rate with its volume beside it. */
export function onTimeText(row: { lines: { kind: string; numerator?: number; denominator?: number }[] }): string {
  const l = row.lines.find((x) => x.kind === 'onTimeRate')
  if (!l || !l.denominator) return '—'
  return `${Math.round(((l.numerator ?? 0) / l.denominator) * 1000) / 10}% (${l.numerator}/${l.denominator})`
}
