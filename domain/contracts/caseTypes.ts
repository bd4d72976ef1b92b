/**
 * The kinds of cases and petitions: one list each, used by the event schema (domain/events/schema.ts),
 * the API's filters (server/), the wall's trend panels and the dashboard's filters.
 */

/** 即办件 / 承诺件 / 联办件 / 上报件 / 退回件 / 补正件. */
export const CASE_TYPES = ['immediate', 'promised', 'joint', 'escalated', 'returned', 'supplemented'] as const
export type CaseType = (typeof CASE_TYPES)[number]

/** 咨询 / 投诉 / 信访 / 书记县长信箱 / 效能投诉. */
export const PETITION_KINDS = ['consultation', 'complaint', 'petition', 'mailbox', 'efficiencyComplaint'] as const
export type PetitionKind = (typeof PETITION_KINDS)[number]
