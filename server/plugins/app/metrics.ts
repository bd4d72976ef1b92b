/**
 * Prometheus metrics of a server process, one registry per app instance (tests build several apps
 * in one process). Names, help, labels and buckets: domain/contracts/metrics.ts (shared with the
 * worker, the Grafana dashboard and the alert rules).
 *
 * - HTTP: every answered request by method, route pattern (never the raw URL: bounded labels) and
 *   status; latency by method and route.
 * - Ingest: events by outcome, rejections by error code, request latency.
 * - Sockets: connected, and members of rooms by kind (`wall`, `public`, `user`, `session`, `dept`, …),
 *   counted when scraped.
 * - The wall snapshot sent to a socket joining the wall room (server/routes/wall.ts).
 * - The projection queue's depth, the PostgreSQL pool, restarts reported by `npm start`.
 */
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { DEFAULT_METRICS_REMOVED, METRICS, promConfig } from '../../../domain/contracts/metrics.ts'

export interface Metrics {
  registry: Registry
  ingestEvents: Counter<'status'>
  ingestRejections: Counter<'code'>
  ingestDuration: Histogram<'format'>
  /** Restarts of the deployment's processes after a crash, as reported by `npm start`'s supervisor. */
  processRestarts: Counter<'process'>
  /** The wall snapshot read and emitted to a socket that joined the wall room. */
  wallSnapshotEmit: Histogram
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

/** A room's kind: the part before `:` (`user:42` → `user`), or the room itself (`wall`). */
export function roomKind(room: string): string {
  const i = room.indexOf(':')
  return i < 0 ? room : room.slice(0, i)
}

/** Resolves within `ms` or rejects: a scrape never hangs on Redis. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error('timeout')), ms)))]).finally(() => clearTimeout(t))
}

export default fp(
  async (app) => {
    const registry = new Registry()
    const r = [registry]
    collectDefaultMetrics({ register: registry })
    for (const name of DEFAULT_METRICS_REMOVED) registry.removeSingleMetric(name)
    const httpRequests = new Counter(promConfig(METRICS.httpRequests, r))
    const httpDuration = new Histogram(promConfig(METRICS.httpDuration, r))
    app.addHook('onResponse', async (req, reply) => {
      // the pattern (`/api/v1/cases/:id`), never the URL; requests no route matched share one label
      const route = req.routeOptions.url ?? 'unmatched'
      httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) })
      httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000)
    })

    const io = app.realtime.io
    new Gauge({
      ...promConfig(METRICS.socketsConnected, r),
      collect() {
        this.set(io.of('/').sockets.size)
      },
    })
    new Gauge({
      ...promConfig(METRICS.socketRooms, r),
      collect() {
        const counts = new Map<string, number>()
        for (const socket of io.of('/').sockets.values()) {
          const kinds = new Set<string>()
          for (const room of socket.rooms) if (room !== socket.id) kinds.add(roomKind(room))
          for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1)
        }
        this.reset()
        for (const [kind, n] of counts) this.set({ kind }, n)
      },
    })

    new Gauge({
      ...promConfig(METRICS.queueDepth, r),
      async collect() {
        try {
          const counts = await within(app.queues.project.getJobCounts('waiting', 'delayed', 'active'), 500)
          this.set((counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0))
        } catch {
          this.set(-1)
        }
      },
    })
    new Gauge({
      ...promConfig(METRICS.dbPool, r),
      collect() {
        this.set({ state: 'total' }, app.pg.totalCount)
        this.set({ state: 'idle' }, app.pg.idleCount)
        this.set({ state: 'waiting' }, app.pg.waitingCount)
      },
    })

    app.decorate('metrics', {
      registry,
      ingestEvents: new Counter(promConfig(METRICS.ingestEvents, r)),
      ingestRejections: new Counter(promConfig(METRICS.ingestRejections, r)),
      ingestDuration: new Histogram(promConfig(METRICS.ingestDuration, r)),
      processRestarts: new Counter(promConfig(METRICS.processRestarts, r)),
      wallSnapshotEmit: new Histogram(promConfig(METRICS.wallSnapshotEmit, r)),
    })
  },
  { name: 'metrics', dependencies: ['queues', 'realtime', 'pg'] },
)
