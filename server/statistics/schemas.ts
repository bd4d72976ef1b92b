/**
 * What the statistics routes share: role lists, the time zone of the rollups, request schemas
 * (period query, custom report definition) and the per-jurisdiction context the reader caches.
 */
import Type from 'typebox'
import { Compile } from 'typebox/compile'
import type { WorkCalendar } from '../../domain/calendar/WorkCalendar.ts'
import { CASE_TYPES } from '../../domain/events/schema.ts'
import { CUSTOM_DIMENSIONS, CUSTOM_GRAINS, CUSTOM_MEASURES, STAT_LEVELS, STAT_PERIODS, STATUS_CLASSES } from '../../domain/statistics/contract.ts'
import type { PeriodRules } from '../../domain/statistics/periods.ts'
import { AppError } from '../errors.ts'
import type { UserPrincipal } from '../auth/session.ts'

export const READERS = ['admin', 'supervisor', 'leader', 'department_head'] as const
export const ZONE = 'Asia/Shanghai'

export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
export const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' })
export const PeriodQuery = {
  period: Type.Optional(Type.Enum(STAT_PERIODS, { default: 'month' })),
  at: Type.Optional(IsoDate),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  jurisdiction: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
}
export const Lang = Type.Optional(Type.Enum(['zh-CN', 'en'] as const))

export const Definition = Type.Object(
  {
    dimensions: Type.Array(Type.Enum(CUSTOM_DIMENSIONS), { maxItems: 6, uniqueItems: true }),
    grain: Type.Optional(Type.Enum(CUSTOM_GRAINS)),
    measures: Type.Array(Type.Enum(CUSTOM_MEASURES), { minItems: 1, maxItems: 7, uniqueItems: true }),
    from: IsoDate,
    to: IsoDate,
    filter: Type.Optional(
      Type.Object(
        {
          department: Type.Optional(Code),
          item: Type.Optional(Code),
          caseType: Type.Optional(Type.Enum(CASE_TYPES)),
          status: Type.Optional(Type.Enum(STATUS_CLASSES)),
          level: Type.Optional(Type.Enum(STAT_LEVELS)),
          handler: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export const definitionCheck = Compile(Definition)
export const REPORT_ROLES = ['admin', 'supervisor', 'leader', 'department_head'] as const

export interface JurisdictionContext {
  code: string
  rules: PeriodRules
  calendar: WorkCalendar
  at: number
}

export function needUser(user: UserPrincipal | null): UserPrincipal {
  if (!user) throw new AppError('UNAUTHENTICATED')
  return user
}

/** The rollups' days are Asia/Shanghai dates (migration 150): the only time zone period rules may name. */
export const isZone = (z: string): boolean => z === ZONE
