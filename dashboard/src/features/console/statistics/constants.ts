/**
 * The statistics API's enumerations for the page (the dashboard imports only types from domain/:
 * these lists are checked against the contract's types by `satisfies`).
 */
import type { CustomDimension, CustomGrain, CustomMeasure, StatLevel, TypeKey } from '../../../../../domain/statistics/contract.ts'

export const STAT_LEVELS = ['normal', 'warning', 'yellow', 'red'] as const satisfies readonly StatLevel[]
export const TYPE_KEYS = ['immediate', 'promised', 'joint', 'escalated', 'returned', 'supplemented'] as const satisfies readonly TypeKey[]
export const CUSTOM_DIMENSIONS = ['jurisdiction', 'department', 'item', 'caseType', 'handler', 'period'] as const satisfies readonly CustomDimension[]
export const CUSTOM_GRAINS = ['week', 'month', 'quarter'] as const satisfies readonly CustomGrain[]
export const CUSTOM_MEASURES = ['cases', 'onTimeRate', 'daysMean', 'daysP90', 'supplementsPerCase', 'cardsPer100', 'fees'] as const satisfies readonly CustomMeasure[]
export { VISIT_SURFACES } from '../../../../../domain/contracts/surfaces.ts'
