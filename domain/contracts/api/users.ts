/**
 * Shapes of the user administration API (server/routes/users.ts) as TypeBox schemas: the server
 * validates and documents with them, the dashboard (features/admin/) imports their types only.
 */
import Type, { type Static } from 'typebox'
import { USER_ROLES } from '../roles.ts'

export const UserRoleSchema = Type.Enum(USER_ROLES)
// null first: with ajv type coercion on, a null tried against a string schema first would become ''
const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])
export const UserLogin = Type.String({ minLength: 2, maxLength: 64, pattern: '^[^\\s]+$' })

/** A user as the administration sees it (never the password hash). */
export const AdminUser = Type.Object({
  id: Type.String(),
  login: Type.String(),
  displayName: Type.String(),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  departmentCode: Nullable(Type.String()),
  jurisdictionCode: Nullable(Type.String()),
  roles: Type.Array(UserRoleSchema),
  certSubject: Nullable(Type.String()),
  active: Type.Boolean(),
  passwordSet: Type.Boolean(),
  failedLogins: Type.Integer(),
  lockedUntil: Nullable(Type.String()),
  lastLoginAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
export type AdminUser = Static<typeof AdminUser>

/** The fields an administrator sets on create and update. */
export const UserFields = {
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  phone: Nullable(Type.String({ maxLength: 30 })),
  email: Nullable(Type.String({ maxLength: 200, pattern: '^[^@\\s]+@[^@\\s]+$' })),
  departmentCode: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  jurisdictionCode: Nullable(Type.String({ pattern: '^[0-9]{6}$' })),
  roles: Type.Array(UserRoleSchema, { minItems: 1, maxItems: USER_ROLES.length }),
  certSubject: Nullable(Type.String({ minLength: 3, maxLength: 500 })),
}
