/**
 * Source systems' API keys for administrators: list (never a secret), create (the key is shown
 * once), rotate with a grace period (the old key keeps working until its `expiresAt`, the new one
 * at once: a source can switch without refused events), revoke (stops at once). Audited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type pg from 'pg'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { clearSourceKeyCache, newSourceKey } from '../repositories/source-keys.ts'
import { SourceKeyCreate, SourceKeyIssued, SourceKeyView, type SourceKeyView as KeyView } from '../../domain/contracts/api/admin.ts'

const ADMIN = ['admin'] as const
const KeyParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{12}$' }) })

interface KeyRow {
  id: string
  source: string
  departments: string[] | null
  description: string | null
  created_at: Date
  expires_at: Date | null
  revoked_at: Date | null
  rotated_from: string | null
}

function toView(r: KeyRow, now = Date.now()): KeyView {
  const state: KeyView['state'] = r.revoked_at ? 'revoked' : r.expires_at === null ? 'active' : r.expires_at.getTime() > now ? 'grace' : 'expired'
  return {
    id: r.id, source: r.source, departments: r.departments, description: r.description, createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null, rotatedFrom: r.rotated_from, state,
  }
}

/** The audited fields of a key (no secret, no hash). */
const audited = (v: KeyView) => ({ source: v.source, departments: v.departments, description: v.description, expiresAt: v.expiresAt, revokedAt: v.revokedAt, rotatedFrom: v.rotatedFrom })

async function unknownDepartments(client: pg.ClientBase, codes: readonly string[] | null | undefined): Promise<void> {
  if (!codes) return
  const { rows } = await client.query<{ code: string; active: boolean }>(sql('admin_department_all_codes'))
  const known = new Set(rows.filter((r) => r.active).map((r) => r.code))
  const missing = codes.find((c) => !known.has(c))
  if (missing) throw new AppError('UNKNOWN_DEPARTMENT', `body/departments: ${missing}`)
}

async function lockKey(client: pg.ClientBase, id: string): Promise<KeyView> {
  const { rows } = await client.query<KeyRow>(sql('admin_source_key_get'), [id])
  if (!rows[0]) throw new AppError('NOT_FOUND')
  return toView(rows[0])
}

const adminKeys: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/admin/source-keys',
    { config: { policy: ADMIN }, schema: { tags: ['admin'], summary: "Every source system's API keys (never a secret)", response: { 200: Type.Object({ items: Type.Array(SourceKeyView) }), '4xx': ErrorResponse } } },
    async () => {
      const { rows } = await app.pg.query<KeyRow>(sql('admin_source_keys'))
      const now = Date.now()
      return { items: rows.map((r) => toView(r, now)) }
    },
  )

  app.post(
    '/api/v1/admin/source-keys',
    {
      config: { policy: ADMIN },
      schema: { tags: ['admin'], summary: 'Create an API key for a source system (the key is in this answer only)', body: SourceKeyCreate, response: { 201: SourceKeyIssued, '4xx': ErrorResponse } },
    },
    async (req, reply) => {
      const b = req.body
      const issued = await withTransaction(app.pg, async (client) => {
        await unknownDepartments(client, b.departments)
        const k = newSourceKey()
        const { rows } = await client.query<KeyRow>(sql('admin_source_key_insert'), [k.id, b.source, k.secretHash, b.departments ?? null, b.description?.trim() || null, null, req.user?.userId ?? null])
        const view = toView(rows[0]!)
        await appendAudit(client, { actor: actorOf(req), action: 'source_key.create', entity: 'source_key', entityId: view.id, before: null, after: audited(view), requestId: req.id })
        return { key: k.key, view, previous: null }
      })
      return reply.code(201).send(issued)
    },
  )

  app.post(
    '/api/v1/admin/source-keys/:id/rotate',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Rotate a key: a new key now, the old one valid for the grace period',
        description: 'The new key has the same source, departments and description. `graceHours` 0 ends the old key at once (default 24, at most 720).',
        params: KeyParams,
        body: Type.Object({ graceHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })) }, { additionalProperties: false }),
        response: { 201: SourceKeyIssued, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const issued = await withTransaction(app.pg, async (client) => {
        const old = await lockKey(client, req.params.id)
        if (old.state === 'revoked' || old.state === 'expired') throw new AppError('CONFLICT', `key ${old.id} is ${old.state}`)
        const k = newSourceKey()
        const { rows } = await client.query<KeyRow>(sql('admin_source_key_insert'), [k.id, old.source, k.secretHash, old.departments, old.description, old.id, req.user?.userId ?? null])
        const view = toView(rows[0]!)
        const { rows: expired } = await client.query<KeyRow>(sql('admin_source_key_expire'), [old.id, (req.body.graceHours ?? 24) * 3600])
        const previous = toView(expired[0]!)
        await appendAudit(client, { actor: actorOf(req), action: 'source_key.create', entity: 'source_key', entityId: view.id, before: null, after: audited(view), requestId: req.id })
        await appendAudit(client, { actor: actorOf(req), action: 'source_key.rotate', entity: 'source_key', entityId: old.id, before: audited(old), after: { ...audited(previous), replacedBy: view.id }, requestId: req.id })
        return { key: k.key, view, previous }
      })
      clearSourceKeyCache() // this process forgets the old key's cached "no expiry" at once (others within 30 s)
      return reply.code(201).send(issued)
    },
  )

  app.post(
    '/api/v1/admin/source-keys/:id/revoke',
    {
      config: { policy: ADMIN },
      schema: { tags: ['admin'], summary: 'Revoke a key now', params: KeyParams, response: { 200: SourceKeyView, '4xx': ErrorResponse } },
    },
    async (req) => {
      const view = await withTransaction(app.pg, async (client) => {
        const before = await lockKey(client, req.params.id)
        const { rows } = await client.query<KeyRow>(sql('admin_source_key_revoke'), [before.id])
        const after = toView(rows[0]!)
        await appendAudit(client, { actor: actorOf(req), action: 'source_key.revoke', entity: 'source_key', entityId: after.id, before: audited(before), after: audited(after), requestId: req.id })
        return after
      })
      clearSourceKeyCache()
      return view
    },
  )
}

export default adminKeys
