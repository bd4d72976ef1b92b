/** Shared by the mobile API's route files. */
import Type from 'typebox'
import { ErrorResponse } from '../schemas.ts'
import { NotModified } from '../http/etag.ts'

/** Who may read the mobile API (all of it is reads: supervisors are read-only by construction). */
export const MOBILE_READERS = ['leader', 'admin', 'supervisor'] as const
/** Departments with fewer concluded cases this month are ranked apart. */
export const MIN_RANKED_CONCLUDED = 5
/** The local zone of "today" and "this month". */
export const MOBILE_ZONE = 'Asia/Shanghai'

export const DepartmentCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })
export const mobileResponses = <T extends Type.TSchema>(ok: T) => ({ 200: ok, 304: NotModified, '4xx': ErrorResponse })
