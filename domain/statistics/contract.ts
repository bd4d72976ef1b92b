/**
 * The statistics API's shapes (GET /api/v1/statistics/*), shared by the server and the console.
 * Browser-safe: types and constants only.
 */
export const STAT_LEVELS = ['normal', 'warning', 'yellow', 'red'] as const
export type StatLevel = (typeof STAT_LEVELS)[number]
export type LevelCounts = Record<StatLevel, number>

export const TIME_LIMIT_GROUPS = ['jurisdiction', 'department', 'item'] as const
export type TimeLimitGroup = (typeof TIME_LIMIT_GROUPS)[number]
/** today: received today; inProgress / concluded: received in the period and in progress / concluded now. */
export const TIME_LIMIT_BUCKETS = ['today', 'inProgress', 'concluded'] as const
export type TimeLimitBucket = (typeof TIME_LIMIT_BUCKETS)[number]

/** Periods a statistics request may name; `custom` takes `from` and `to`. */
export const STAT_PERIODS = ['day', 'week', 'month', 'quarter', 'year', 'custom'] as const
export type StatPeriod = (typeof STAT_PERIODS)[number]

/** The resolved period of a response: local dates, inclusive. */
export interface PeriodRange {
  readonly kind: StatPeriod
  readonly label: string
  readonly from: string
  readonly to: string
}

export interface TimeLimitRow {
  readonly key: string
  readonly name: string
  readonly bucket: TimeLimitBucket
  readonly counts: LevelCounts
  readonly total: number
  /** count / total per level, 0 when total is 0 */
  readonly shares: LevelCounts
}

export interface TimeLimitResponse {
  readonly period: PeriodRange
  readonly today: string
  readonly group: TimeLimitGroup
  readonly rows: readonly TimeLimitRow[]
  /** all groups together, per bucket */
  readonly totals: readonly TimeLimitRow[]
}

export const TYPE_PERIODS = ['today', 'week', 'month', 'quarter', 'year', 'all'] as const
export type TypePeriod = (typeof TYPE_PERIODS)[number]
/** 即办件 承诺件 联办件 上报件 (the acceptance's case type), 退回件 (returned), 补办件 (≥ 1 supplement). */
export const TYPE_KEYS = ['immediate', 'promised', 'joint', 'escalated', 'returned', 'supplemented'] as const
export type TypeKey = (typeof TYPE_KEYS)[number]

export interface TypeRow {
  readonly period: TypePeriod
  readonly label: string
  readonly from: string | null
  readonly to: string | null
  /** null: all departments together */
  readonly departmentCode: string | null
  readonly name: string
  readonly total: number
  readonly counts: Record<TypeKey, number>
  readonly shares: Record<TypeKey, number>
}

export interface TypeResponse {
  readonly today: string
  readonly rows: readonly TypeRow[]
}

export const PETITION_GROUPS = ['kind', 'department', 'channel'] as const
export type PetitionGroup = (typeof PETITION_GROUPS)[number]

export interface PetitionRow {
  readonly key: string
  readonly name: string
  readonly total: number
  readonly closed: number
  readonly onTime: number
  readonly late: number
  readonly unanswered: number
  /** open now and yellow or red */
  readonly overdue: number
  readonly rated: number
  /** rated 基本满意 or better (rating ≥ 3 of 5) */
  readonly satisfied: number
  /** answered on time / answered; null when none answered */
  readonly onTimeRate: number | null
  /** satisfied / rated; null when none rated */
  readonly satisfaction: number | null
  /** mean rating 1–5; null when none rated */
  readonly ratingMean: number | null
}

export interface PetitionResponse {
  readonly period: PeriodRange
  readonly group: PetitionGroup
  readonly rows: readonly PetitionRow[]
}

export const CUSTOM_DIMENSIONS = ['jurisdiction', 'department', 'item', 'caseType', 'handler', 'period'] as const
export type CustomDimension = (typeof CUSTOM_DIMENSIONS)[number]
export const CUSTOM_GRAINS = ['week', 'month', 'quarter'] as const
export type CustomGrain = (typeof CUSTOM_GRAINS)[number]
export const CUSTOM_MEASURES = ['cases', 'onTimeRate', 'daysMean', 'daysP90', 'supplementsPerCase', 'cardsPer100', 'fees'] as const
export type CustomMeasure = (typeof CUSTOM_MEASURES)[number]
export const STATUS_CLASSES = ['pending', 'inProgress', 'concluded', 'returned'] as const
export type StatusClass = (typeof STATUS_CLASSES)[number]

export interface CustomFilter {
  readonly department?: string
  readonly item?: string
  readonly caseType?: string
  readonly status?: StatusClass
  readonly level?: StatLevel
  readonly handler?: string
}

/** A custom report: what a saved report stores. */
export interface CustomDefinition {
  readonly dimensions: readonly CustomDimension[]
  /** the period dimension's grain (required when `period` is a dimension) */
  readonly grain?: CustomGrain
  readonly measures: readonly CustomMeasure[]
  readonly from: string
  readonly to: string
  readonly filter?: CustomFilter
}

export interface CustomRow {
  /** the group's value of each chosen dimension (codes; '' for a case without one) */
  readonly keys: Partial<Record<CustomDimension, string>>
  /** display names of department / item / jurisdiction keys */
  readonly names: Partial<Record<CustomDimension, string>>
  readonly values: Partial<Record<CustomMeasure, number | null>>
}

export interface CustomResponse {
  readonly definition: CustomDefinition
  readonly rows: readonly CustomRow[]
  /** true when the 5,000-group cap cut the result */
  readonly truncated: boolean
}

export interface SavedReport {
  readonly id: string
  readonly name: string
  readonly definition: CustomDefinition
  readonly sharedRoles: readonly string[]
  readonly ownerLogin: string
}

/** The landing page and each surface of the registry (domain/contracts/surfaces.ts). */
export { VISIT_SURFACES } from '../contracts/surfaces.ts'
export type VisitSurface = 'landing' | import('../contracts/surfaces.ts').SurfaceKey

export interface VisitRow {
  readonly surface: string
  readonly page: string
  readonly views: number
}
