/**
 * The audit log for administrators: browse it, and verify its hash chain.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { toAuditRecord, verifyAuditChain, type AuditRow } from '../audit.ts'
import { Digits, intParam } from '../http/paging.ts'
import { ErrorResponse } from '../schemas.ts'

// null first: with ajv type coercion on, a null tried against a string schema first would become ''
const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])
const ADMIN = ['admin'] as const

const AuditRecordSchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.Object({ kind: Type.String(), id: Nullable(Type.String()), name: Type.String() }),
  action: Type.String(),
  entity: Type.String(),
  entityId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Nullable(Type.String()),
  prevHash: Type.String(),
  hash: Type.String(),
})

const Verification = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  head: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
  firstBroken: Nullable(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
  anchor: Nullable(Type.Object({ seq: Type.Integer(), hash: Type.String(), rows: Type.Integer(), at: Type.String(), database: Type.String() })),
})

const adminAudit: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/admin/audit',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['audit'],
        summary: 'Audit rows, newest first',
        querystring: Type.Object(
          {
            entity: Type.Optional(Type.String({ maxLength: 64 })),
            entityId: Type.Optional(Type.String({ maxLength: 128 })),
            actorId: Type.Optional(Type.String({ maxLength: 64 })),
            beforeSeq: Type.Optional(Digits('only rows before this seq')),
            limit: Type.Optional(Digits('page size (default 100, at most 500)')),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AuditRecordSchema) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const q = req.query
      const { rows } = await app.pg.query<AuditRow>(sql('audit_list'), [q.entity ?? null, q.entityId ?? null, q.actorId ?? null, q.beforeSeq === undefined ? null : intParam('beforeSeq', q.beforeSeq, 0, 1, Number.MAX_SAFE_INTEGER), intParam('limit', q.limit, 100, 1, 500)])
      return { items: rows.map(toAuditRecord) }
    },
  )

  app.get(
    '/api/v1/admin/audit/verify',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['audit'],
        summary: 'Verify the audit hash chain; names the first broken row',
        description:
          'Always 200; `ok: false` with `firstBroken: {seq, reason}` when the chain is broken. Compared with the latest anchor recorded outside the database (`anchor`): rows cut off the end are `truncated`, a rewritten anchored row `anchor_mismatch`.',
        response: { 200: Verification, '4xx': ErrorResponse },
      },
    },
    async () => verifyAuditChain(app.pg, { latest: app.auditAnchors.latest }),
  )
}

export default adminAudit
