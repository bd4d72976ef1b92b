/**
 * Records the audit chain head outside the database (server/audit-anchor.ts) when the server is
 * ready and then every `auditAnchorEveryMs` while the head moves: in the anchor file, in Redis
 * and as a log line. Several instances may record the same head; that is harmless.
 */
import fp from 'fastify-plugin'
import { anchorRedisKey, latestRecordedAnchor, recordAnchor, type AnchorStores } from '../../audit-anchor.ts'
import type { AuditAnchor } from '../../../domain/audit/types.ts'

export interface AuditAnchors {
  stores: AnchorStores
  /** Records the head now (unless unchanged since the last record of this process). */
  record(): Promise<AuditAnchor | null>
  /** The latest anchor of `database` over the stores. */
  latest(database: string): Promise<AuditAnchor | null>
}

declare module 'fastify' {
  interface FastifyInstance {
    auditAnchors: AuditAnchors
  }
}

export default fp<{ file: string | null; everyMs: number; queuePrefix: string }>(
  async (app, opts) => {
    const stores: AnchorStores = { file: opts.file, redis: app.queues.redis, redisKey: anchorRedisKey(opts.queuePrefix) }
    let last: AuditAnchor | null = null
    const record = async (): Promise<AuditAnchor | null> => {
      try {
        const r = await recordAnchor(app.pg, stores, { unchangedSince: last })
        for (const f of r.failed) app.log.warn({ store: f.store, error: f.error }, 'audit anchor not recorded in one store')
        if (r.written.length > 0) {
          app.log.info({ auditAnchor: { seq: r.anchor.seq, hash: r.anchor.hash, rows: r.anchor.rows, database: r.anchor.database }, stores: r.written }, 'audit chain head anchored')
          last = r.anchor
        }
        return r.anchor
      } catch (err) {
        app.log.warn({ error: (err as Error).message }, 'audit anchor: head not readable')
        return null
      }
    }
    app.decorate('auditAnchors', { stores, record, latest: (database: string) => latestRecordedAnchor(stores, database) })
    if (opts.everyMs > 0) {
      let timer: NodeJS.Timeout | null = null
      app.addHook('onReady', async () => {
        void record()
        timer = setInterval(() => void record(), opts.everyMs)
        timer.unref()
      })
      app.addHook('onClose', async () => {
        if (timer) clearInterval(timer)
      })
    }
  },
  { name: 'audit-anchor', dependencies: ['pg', 'queues'] },
)
