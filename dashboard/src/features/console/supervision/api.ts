/**
 * Calls of the supervision API (server/routes/orders.ts, urgings.ts, notifications.ts) and the
 * shapes they answer, mirrored here (the server answers camelCase rows). Used by /console and by
 * the department pages in /window.
 */
import { apiFetch } from '../../../api/client.ts'
import type { OrderState, OrderStepKind } from '../../../../../domain/supervision/types.ts'
import type { Level } from '../../../../../domain/clock/types.ts'

export type { OrderState, OrderStepKind }
export type OrderLevel = Level

export interface OrderSummary {
  id: string
  orderNo: string
  departmentCode: string
  departmentName: string
  caseNo: string | null
  opinion: string
  responsibleUserId: string
  responsibleName: string
  dueWorkingDays: number
  dueDate: string
  state: OrderState
  level: OrderLevel
  createdByName: string
  createdAt: string
  lastStepAt: string | null
}

export interface OrderStep {
  id: string
  seq: number
  kind: OrderStepKind
  body: string
  fromState: OrderState | null
  toState: OrderState
  actorId: string
  actorName: string
  actorRole: string
  at: string
}

export interface Delivery {
  id: string
  event: string
  channel: 'inapp' | 'email' | 'sms'
  userId: string
  userName: string
  status: 'pending' | 'held' | 'sending' | 'sent' | 'failed' | 'skipped'
  attempts: number
  nextAttemptAt: string
  lastError: string | null
  createdAt: string
  sentAt: string | null
}

export interface OrderDetail extends Omit<OrderSummary, 'lastStepAt'> {
  jurisdictionCode: string
  urgingId: string | null
  warningFrom: string
  yellowFrom: string
  redFrom: string
  createdBy: string
  steps: OrderStep[]
  levelChanges: { fromLevel: OrderLevel; toLevel: OrderLevel; effectiveAt: string; source: string }[]
  cards: { id: string; color: 'yellow' | 'red'; rule: string; reason: string; issuedAt: string; revokedBy: string | null }[]
  deliveries: Delivery[]
}

export interface UrgingSummary {
  id: string
  subject: 'case' | 'department'
  caseNo: string | null
  departmentCode: string
  departmentName: string
  message: string
  createdByName: string
  createdAt: string
  replyCount: number
  lastReplyAt: string | null
}

export interface UrgingDetail extends Omit<UrgingSummary, 'replyCount' | 'lastReplyAt'> {
  createdBy: string
  recipients: { id: string; name: string }[]
  replies: { id: string; body: string; repliedBy: string; repliedByName: string; repliedAt: string }[]
  deliveries: Delivery[]
}

export interface DepartmentMember {
  id: string
  login: string
  displayName: string
  roles: string[]
}

export interface Paged<T> {
  total: number
  items: T[]
}

export type StepPath = 'reply' | 'appeal' | 'instruction' | 'conclusion'

export const supervisionApi = {
  orders: (query: { state?: OrderState | ''; awaiting?: 'instruction'; limit?: number; offset?: number } = {}) => apiFetch<Paged<OrderSummary>>('/api/v1/orders', { query }),
  order: (id: string) => apiFetch<OrderDetail>(`/api/v1/orders/${encodeURIComponent(id)}`),
  createOrder: (body: { departmentCode: string; responsibleUserId: string; opinion: string; dueInWorkingDays: number; caseNo?: string; urgingId?: string }) =>
    apiFetch<OrderSummary>('/api/v1/orders', { method: 'POST', body }),
  step: (id: string, path: StepPath, body: string) => apiFetch<OrderStep>(`/api/v1/orders/${encodeURIComponent(id)}/${path}`, { method: 'POST', body: { body } }),
  urgings: (query: { unanswered?: boolean; limit?: number; offset?: number } = {}) => apiFetch<Paged<UrgingSummary>>('/api/v1/urgings', { query }),
  urging: (id: string) => apiFetch<UrgingDetail>(`/api/v1/urgings/${encodeURIComponent(id)}`),
  createUrging: (body: { caseNo?: string; departmentCode?: string; message: string; recipientIds: string[] }) => apiFetch<UrgingSummary>('/api/v1/urgings', { method: 'POST', body }),
  replyUrging: (id: string, body: string) => apiFetch(`/api/v1/urgings/${encodeURIComponent(id)}/replies`, { method: 'POST', body: { body } }),
  members: (departmentCode: string) => apiFetch<DepartmentMember[]>(`/api/v1/supervision/departments/${encodeURIComponent(departmentCode)}/members`),
}

/** Element Plus tag type of a level. */
export const levelTagType = (l: OrderLevel): 'success' | 'warning' | 'danger' | 'info' => (l === 'red' ? 'danger' : l === 'yellow' || l === 'warning' ? 'warning' : 'success')
/** The i18n key of an event name (`order.appealed` → `order_appealed`). */
export const eventKey = (e: string) => e.replace('.', '_')

export interface DepartmentOption {
  code: string
  name: string
  parentCode: string | null
}
export const departmentsApi = () => apiFetch<DepartmentOption[]>('/api/v1/supervision/departments')

import type { MessageKey } from '../../../i18n/index.ts'
import { zh as supervisionZh } from './messages.ts'

type EventKey = keyof typeof supervisionZh.events
/** Typed i18n keys of the enumerations above (slot rows are untyped in templates). */
export const keys = {
  channel: (c: Delivery['channel']) => `supervision.channels.${c}` as const,
  delivery: (s: Delivery['status']) => `supervision.delivery.${s}` as const,
  state: (s: OrderState) => `supervision.states.${s}` as const,
  level: (l: OrderLevel) => `supervision.levels.${l}` as const,
  step: (k: OrderStepKind) => `supervision.steps.${k}` as const,
  event: (e: string): MessageKey => {
    const k = eventKey(e)
    return k in supervisionZh.events ? (`supervision.events.${k as EventKey}` as const) : 'supervision.common.detail'
  },
}
