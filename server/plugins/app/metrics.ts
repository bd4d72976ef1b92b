import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface Metrics {
  registry: Registry
  ingestEvents: Counter<'status'>
  ingestDuration: Histogram<'format'>
  /** Restarts of the deployment's processes after a crash, as reported by `npm start`'s supervisor. */
  processRestarts: Counter<'process'>
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

/** Prometheus metrics, one registry per app instance (tests build several apps in one process). */
export default fp(
  async (app) => {
    const registry = new Registry()
    collectDefaultMetrics({ register: registry })
    const ingestEvents = new Counter({
      name: 'supervision_ingest_events_total',
      help: 'Events received by ingest, by outcome',
      labelNames: ['status'] as const,
      registers: [registry],
    })
    const ingestDuration = new Histogram({
      name: 'supervision_ingest_request_seconds',
      help: 'Ingest request latency (validate + commit), seconds',
      labelNames: ['format'] as const,
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    })
    new Gauge({
      name: 'supervision_queue_depth',
      help: 'Jobs waiting or delayed in the projection queue',
      registers: [registry],
      async collect() {
        try {
          const counts = await Promise.race([
            app.queues.project.getJobCounts('waiting', 'delayed', 'active'),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 500)),
          ])
          this.set((counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0))
        } catch {
          this.set(-1)
        }
      },
    })
    const processRestarts = new Counter({
      name: 'supervision_process_restarts_total',
      help: 'Restarts of a crashed server or worker process by the npm start supervisor',
      labelNames: ['process'] as const,
      registers: [registry],
    })
    app.decorate('metrics', { registry, ingestEvents, ingestDuration, processRestarts })
  },
  { name: 'metrics', dependencies: ['queues'] },
)
