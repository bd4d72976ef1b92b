/**
 * User administration (admin only): list, read, create, update, reset a password, lift a lockout.
 * Every change writes an audit row with before and after in the same transaction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import { AdminUser, UserFields, UserLogin, UserRoleSchema } from '../../domain/contracts/api/users.ts'
import { normaliseSubject } from '../auth/cert.ts'
import { createUser, setPassword, toUserView, updateUser, type UserRow } from '../repositories/user-store.ts'
import { paging, PagingQuery } from '../http/paging.ts'
import { ErrorResponse } from '../schemas.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'

const UserSchema = AdminUser
const LoginSchema = UserLogin
const Fields = UserFields
const RoleSchema = UserRoleSchema

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) })
const ADMIN = ['admin'] as const

/** The user list and one user. */
function registerUserReadRoutes(app: TypeboxApp): void {
  app.get(
    '/api/v1/users',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 64 })),
          role: Type.Optional(RoleSchema),
          department: Type.Optional(Type.String({ maxLength: 64 })),
          ...PagingQuery,
        }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(UserSchema) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const q = req.query
      const page = paging(q)
      const { rows } = await app.pg.query<UserRow & { total: string }>(sql('user_list'), [q.q ?? null, q.role ?? null, q.department ?? null, page.limit, page.offset])
      return { total: Number(rows[0]?.total ?? 0), items: rows.map(toUserView) }
    },
  )

  app.get(
    '/api/v1/users/:id',
    {
      config: { policy: ADMIN },
      schema: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: UserSchema, '4xx': ErrorResponse } },
    },
    async (req) => {
      const { rows } = await app.pg.query<UserRow>(sql('user_read'), [req.params.id])
      if (!rows[0]) throw new AppError('NOT_FOUND')
      return toUserView(rows[0])
    },
  )
}

/** Creating and changing a user. */
function registerUserWriteRoutes(app: TypeboxApp): void {
  const cfg = app.auth.config

  app.post(
    '/api/v1/users',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        description: 'Without `password` the user can log in only through single sign-on or a certificate.',
        body: Type.Object(
          {
            login: LoginSchema,
            displayName: Fields.displayName,
            phone: Type.Optional(Fields.phone),
            email: Type.Optional(Fields.email),
            departmentCode: Type.Optional(Fields.departmentCode),
            jurisdictionCode: Type.Optional(Fields.jurisdictionCode),
            roles: Fields.roles,
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
            certSubject: Type.Optional(Fields.certSubject),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const b = req.body
      const user = await withTransaction(app.pg, (client) =>
        createUser(client, { ...b, certSubject: b.certSubject ? normaliseSubject(b.certSubject) : null }, {
          actor: actorOf(req), requestId: req.id, passwordMinLength: cfg.passwordMinLength,
        }),
      )
      return reply.code(201).send(user)
    },
  )

  app.patch(
    '/api/v1/users/:id',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['users'],
        summary: 'Update a user (only the fields given; null clears)',
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Optional(Fields.displayName),
            phone: Type.Optional(Fields.phone),
            email: Type.Optional(Fields.email),
            departmentCode: Type.Optional(Fields.departmentCode),
            jurisdictionCode: Type.Optional(Fields.jurisdictionCode),
            roles: Type.Optional(Fields.roles),
            active: Type.Optional(Type.Boolean()),
            certSubject: Type.Optional(Fields.certSubject),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const patch = { ...req.body }
      if (typeof patch.certSubject === 'string') patch.certSubject = normaliseSubject(patch.certSubject)
      const user = await withTransaction(app.pg, (client) => updateUser(client, req.params.id, patch, { actor: actorOf(req), requestId: req.id, selfId: req.user!.userId }))
      if (!user) throw new AppError('NOT_FOUND')
      // live sockets hold the roles and scope of their handshake: make them authenticate again
      if (patch.roles !== undefined || patch.active !== undefined || patch.departmentCode !== undefined || patch.jurisdictionCode !== undefined) {
        app.realtime.refreshUser(user.id)
      }
      return user
    },
  )
}

/** Resetting a user's password and unlocking an account. */
function registerUserCredentialRoutes(app: TypeboxApp): void {
  const cfg = app.auth.config

  app.post(
    '/api/v1/users/:id/password',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['users'],
        summary: "Reset a user's password (ends all their sessions, lifts a lockout)",
        params: IdParams,
        body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const ended = await withTransaction(app.pg, async (client) => {
        const { rows } = await client.query<UserRow>(sql('user_get'), [req.params.id])
        if (!rows[0]) throw new AppError('NOT_FOUND')
        return setPassword(client, { id: rows[0].id, login: rows[0].login }, req.body.password, {
          actor: actorOf(req), requestId: req.id, passwordMinLength: cfg.passwordMinLength, keepSessionId: null, action: 'user.password_reset',
        })
      })
      app.realtime.endSessions(ended)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/users/:id/unlock',
    {
      config: { policy: ADMIN },
      schema: { tags: ['users'], summary: 'Lift a lockout', params: IdParams, response: { 200: UserSchema, '4xx': ErrorResponse } },
    },
    async (req) =>
      withTransaction(app.pg, async (client) => {
        const { rows: before } = await client.query<UserRow>(sql('user_get'), [req.params.id])
        if (!before[0]) throw new AppError('NOT_FOUND')
        const { rows } = await client.query<UserRow>(sql('user_unlock'), [req.params.id])
        const b = toUserView(before[0])
        const a = toUserView(rows[0]!)
        await appendAudit(client, {
          actor: actorOf(req), action: 'user.unlock', entity: 'user', entityId: a.id,
          before: { failedLogins: b.failedLogins, lockedUntil: b.lockedUntil }, after: { failedLogins: a.failedLogins, lockedUntil: a.lockedUntil }, requestId: req.id,
        })
        return a
      }),
  )
}

const users: FastifyPluginAsyncTypebox = async (app) => {
  registerUserReadRoutes(app)
  registerUserWriteRoutes(app)
  registerUserCredentialRoutes(app)
}

export default users
