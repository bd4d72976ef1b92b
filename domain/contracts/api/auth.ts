/**
 * Response shapes of the session API (server/routes/auth.ts), as TypeBox schemas: the server
 * validates and documents its answers with them (/docs/json), the dashboard takes their types
 * (`import type { SessionUser }`, erased at build: no TypeBox in the browser bundle).
 *
 * The one example to copy when a route's answer is read by the dashboard: the schema here, the
 * route's `response: { 200: … }` uses it, the dashboard imports the `Static` type.
 */
import Type, { type Static } from 'typebox'
import { USER_ROLES } from '../roles.ts'

/** `GET /api/v1/auth/me` → `user`, and the user of a login's answer. */
export const SessionUser = Type.Object({
  id: Type.String(),
  login: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.Enum(USER_ROLES)),
  departmentCode: Type.Union([Type.String(), Type.Null()]),
  jurisdictionCode: Type.Union([Type.String(), Type.Null()]),
  method: Type.Union([Type.Literal('password'), Type.Literal('oidc'), Type.Literal('cert')]),
})
export type SessionUser = Static<typeof SessionUser>

/** The answer of a login and of `GET /api/v1/auth/me`. */
export const SessionResponse = Type.Object({ user: SessionUser, csrfToken: Type.String() })
export type SessionResponse = Static<typeof SessionResponse>
