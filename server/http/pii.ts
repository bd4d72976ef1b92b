/**
 * Reading citizens' personal data: masked by default; unmasked only for roles allowed to
 * (domain/privacy `mayUnmask`), only on explicit request (`?unmask=1`), and every such view is
 * audited (`pii.view`) in the same transaction as the read — no audit row, no data.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type pg from 'pg'
import Type from 'typebox'
import { mayUnmask } from '../../domain/privacy/unmask.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'

/** The `unmask` query parameter. */
export const UnmaskQuery = Type.Optional(Type.Enum(['1', 'true', '0', 'false'], {
  description: 'Show personal data unmasked (supervisors and admins only; every view is audited).',
}))

/** The applicant / citizen record in responses (masked unless unmasked). */
export const PersonalDataSchema = Type.Union([
  Type.Object({ name: Type.String(), idNumber: Type.Optional(Type.String()), phone: Type.Optional(Type.String()) }),
  Type.Null(),
])

/** Whether the request asks for unmasked data; throws UNMASK_FORBIDDEN for roles that may not. */
export function wantsUnmasked(req: FastifyRequest, unmask: string | undefined): boolean {
  if (unmask !== '1' && unmask !== 'true') return false
  if (!req.user || !mayUnmask(req.user.roles)) throw new AppError('UNMASK_FORBIDDEN')
  return true
}

/**
 * Runs a read; when unmasked, inside a transaction that also writes the `pii.view` audit row
 * naming the records shown (nothing is written when nothing was shown).
 */
export async function readPersonalData<T>(
  app: FastifyInstance,
  req: FastifyRequest,
  opts: { unmasked: boolean; entity: string; ids: (result: T) => string[]; fields: string[] },
  run: (db: pg.Pool | pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!opts.unmasked) return run(app.pg)
  return withTransaction(app.pg, async (client) => {
    const result = await run(client)
    const ids = opts.ids(result)
    if (ids.length > 0) {
      await appendAudit(client, {
        actor: actorOf(req),
        action: 'pii.view',
        entity: opts.entity,
        entityId: ids.length === 1 ? ids[0]! : null,
        before: null,
        after: { ids, fields: opts.fields, route: req.routeOptions.url ?? null },
        requestId: req.id,
      })
    }
    return result
  })
}
