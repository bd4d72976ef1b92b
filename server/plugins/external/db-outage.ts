/**
 * PostgreSQL unreachable: requests that need it answer 503 UNAVAILABLE with `Retry-After` (a source
 * system retries its batch later; nothing was acknowledged, so nothing is lost), and the log gets
 * one line when the outage is first seen and one when a connection succeeds again — not a stack
 * trace per request.
 */
import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'

/** Seconds a client is asked to wait before retrying (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5

// Node socket errors, and PostgreSQL's connection-exception (08…) and operator-intervention (57P…) classes
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL'])
const PG_CODES = /^(08[0-9A-Z]{3}|57P0[1-4]|53300)$/
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated due to connection timeout|Client was closed and is not queryable)/

/**
 * Whether an error means "the database cannot be reached" (refused, reset, shut down, too many
 * connections, pool connect timeout), as opposed to a bad query or bad data.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false
  const e = err as { code?: unknown; message?: unknown; errors?: unknown }
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || PG_CODES.test(e.code))) return true
  if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true
  // net's happy-eyeballs connect gives an AggregateError of one error per address
  if (Array.isArray(e.errors) && e.errors.length > 0) return e.errors.every((x) => isDatabaseUnavailable(x))
  return false
}

export interface DbOutage {
  /** Records a failed request; logs only the first of an outage. */
  failed(err: unknown, log: FastifyBaseLogger): void
  /** Called when a connection succeeds: ends the outage (one line with its length and count). */
  recovered(log: FastifyBaseLogger): void
  /** The outage in progress, if any. */
  readonly current: { since: number; failures: number } | null
}

export function createDbOutage(now: () => number = Date.now): DbOutage {
  let current: { since: number; failures: number } | null = null
  return {
    failed(err, log) {
      if (current) {
        current.failures += 1
        return
      }
      current = { since: now(), failures: 1 }
      const e = err as { code?: unknown; message?: unknown }
      log.error({ dbError: { code: e.code ?? null, message: typeof e.message === 'string' ? e.message.slice(0, 200) : null } }, 'PostgreSQL unreachable: answering 503 until it is back')
    },
    recovered(log) {
      if (!current) return
      log.warn({ outageMs: now() - current.since, failures: current.failures }, 'PostgreSQL reachable again')
      current = null
    },
    get current() {
      return current
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    dbOutage: DbOutage
  }
}

/** Decorates `app.dbOutage` and ends an outage when the pool connects again. */
export default fp(
  async (app) => {
    const outage = createDbOutage()
    app.decorate('dbOutage', outage)
    app.pg.on('connect', () => outage.recovered(app.log))
    app.pg.on('error', (err) => {
      if (isDatabaseUnavailable(err)) outage.failed(err, app.log)
      else app.log.warn({ err: err.message }, 'idle pg client error')
    })
  },
  { name: 'db-outage', dependencies: ['pg'] },
)
