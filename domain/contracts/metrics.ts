/**
 * The Prometheus metrics every process serves: one definition per series (name, help, labels,
 * buckets), used by the server (server/plugins/app/metrics.ts), the worker (workers/metrics.ts),
 * the Grafana dashboard (docs/grafana/supervision.json) and the alert rules
 * (docs/prometheus/alerts.yml) — a test checks that both use only names defined here.
 *
 * Each definition spreads straight into prom-client (`new Counter({ ...METRICS.httpRequests, registers })`).
 * Pure data: no I/O, no dependency.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram'

export interface MetricDefinition<L extends string = string> {
  name: string
  help: string
  type: MetricType
  labelNames: readonly L[]
  /** Histograms only, seconds. */
  buckets?: readonly number[]
  /** Which process serves it. */
  process: 'server' | 'worker' | 'both'
}

/** Latency buckets for HTTP requests and ingest (seconds). */
const REQUEST_BUCKETS = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const
/** Background work: jobs, sweeps, reads (seconds). */
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const
/** Stored → projected (seconds). */
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300] as const
/** Emits (seconds): a PUBLISH to Redis or a snapshot to one socket. */
const EMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] as const

const def = <L extends string>(d: MetricDefinition<L>): MetricDefinition<L> => d

export const METRICS = {
  // ---- server ----
  ingestEvents: def({
    name: 'supervision_ingest_events_total',
    help: 'Events received by ingest, by outcome (accepted, duplicate, rejected)',
    type: 'counter',
    labelNames: ['status'],
    process: 'server',
  }),
  ingestRejections: def({
    name: 'supervision_ingest_rejections_total',
    help: 'Events rejected by ingest, by error code (domain/errors.ts)',
    type: 'counter',
    labelNames: ['code'],
    process: 'server',
  }),
  ingestDuration: def({
    name: 'supervision_ingest_request_seconds',
    help: 'Ingest request latency (validate + commit + enqueue), seconds',
    type: 'histogram',
    labelNames: ['format'],
    buckets: REQUEST_BUCKETS,
    process: 'server',
  }),
  httpRequests: def({
    name: 'supervision_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    type: 'counter',
    labelNames: ['method', 'route', 'status'],
    process: 'server',
  }),
  httpDuration: def({
    name: 'supervision_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern, seconds',
    type: 'histogram',
    labelNames: ['method', 'route'],
    buckets: REQUEST_BUCKETS,
    process: 'server',
  }),
  socketsConnected: def({
    name: 'supervision_sockets_connected',
    help: 'Sockets connected to this server instance',
    type: 'gauge',
    labelNames: [],
    process: 'server',
  }),
  socketRooms: def({
    name: 'supervision_socket_room_members',
    help: 'Sockets of this instance in rooms of each kind (wall, public, user, session, dept, …)',
    type: 'gauge',
    labelNames: ['kind'],
    process: 'server',
  }),
  wallSnapshotEmit: def({
    name: 'supervision_wall_snapshot_emit_seconds',
    help: 'Time to read and emit the wall snapshot to a socket that joined the wall room, seconds',
    type: 'histogram',
    labelNames: [],
    buckets: EMIT_BUCKETS,
    process: 'server',
  }),
  queueDepth: def({
    name: 'supervision_queue_depth',
    help: 'Jobs waiting, delayed or active in the projection queue (-1: Redis did not answer)',
    type: 'gauge',
    labelNames: [],
    process: 'server',
  }),
  processRestarts: def({
    name: 'supervision_process_restarts_total',
    help: 'Restarts of a crashed server or worker process by the npm start supervisor',
    type: 'counter',
    labelNames: ['process'],
    process: 'server',
  }),
  // ---- worker ----
  jobs: def({
    name: 'supervision_jobs_total',
    help: 'Jobs finished by this worker, by queue, job name and outcome (completed, failed)',
    type: 'counter',
    labelNames: ['queue', 'job', 'outcome'],
    process: 'worker',
  }),
  jobDuration: def({
    name: 'supervision_job_duration_seconds',
    help: 'Processing time of a job (started → finished), by queue and job name, seconds',
    type: 'histogram',
    labelNames: ['queue', 'job'],
    buckets: JOB_BUCKETS,
    process: 'worker',
  }),
  projectionLag: def({
    name: 'supervision_projection_lag_seconds',
    help: 'Projection lag: the events stored and queued → their state projected, per projection job, seconds',
    type: 'histogram',
    labelNames: [],
    buckets: LAG_BUCKETS,
    process: 'worker',
  }),
  projectedEvents: def({
    name: 'supervision_projected_events_total',
    help: 'Events read and folded by projection jobs',
    type: 'counter',
    labelNames: [],
    process: 'worker',
  }),
  queueJobs: def({
    name: 'supervision_queue_jobs',
    help: 'Jobs in each queue by state (waiting, delayed, active, failed); -1: Redis did not answer',
    type: 'gauge',
    labelNames: ['queue', 'state'],
    process: 'worker',
  }),
  queueLag: def({
    name: 'supervision_queue_lag_seconds',
    help: 'Age of the oldest waiting job of each queue (0: none waiting), seconds',
    type: 'gauge',
    labelNames: ['queue'],
    process: 'worker',
  }),
  sweepTransitions: def({
    name: 'supervision_sweep_transitions_total',
    help: 'Level transitions made by the deadline sweep, by subject kind (levels: cases and petitions; orders)',
    type: 'counter',
    labelNames: ['kind'],
    process: 'worker',
  }),
  sweepDuration: def({
    name: 'supervision_sweep_duration_seconds',
    help: 'Duration of one deadline sweep (cases, petitions and orders), seconds',
    type: 'histogram',
    labelNames: [],
    buckets: JOB_BUCKETS,
    process: 'worker',
  }),
  notifications: def({
    name: 'supervision_notifications_total',
    help: 'Notification outbox rows handled, by channel (inapp, email, sms) and outcome (sent, failed, retried, held, skipped)',
    type: 'counter',
    labelNames: ['channel', 'outcome'],
    process: 'worker',
  }),
  outboxDepth: def({
    name: 'supervision_notification_outbox_depth',
    help: 'Notification outbox rows not settled (pending, held, sending); -1: PostgreSQL did not answer',
    type: 'gauge',
    labelNames: [],
    process: 'worker',
  }),
  wallRead: def({
    name: 'supervision_wall_read_seconds',
    help: 'The wall publisher: read of the hot panels and diff, seconds',
    type: 'histogram',
    labelNames: [],
    buckets: JOB_BUCKETS,
    process: 'worker',
  }),
  wallEmit: def({
    name: 'supervision_wall_emit_seconds',
    help: 'The wall publisher: store the next version and emit the delta, seconds',
    type: 'histogram',
    labelNames: [],
    buckets: EMIT_BUCKETS,
    process: 'worker',
  }),
  wallVersion: def({
    name: 'supervision_wall_version',
    help: 'Version of the last wall delta this worker emitted',
    type: 'gauge',
    labelNames: [],
    process: 'worker',
  }),
  dbPool: def({
    name: 'supervision_db_pool_connections',
    help: 'PostgreSQL pool connections of this process by state (total, idle, waiting: clients queued for one)',
    type: 'gauge',
    labelNames: ['state'],
    process: 'both',
  }),
} as const

export type MetricKey = keyof typeof METRICS

/**
 * Series names a definition produces: the name itself, and for histograms `_bucket`, `_sum`,
 * `_count`. Also the default process metrics prom-client adds (`process_*`, `nodejs_*`).
 */
export function metricSeriesNames(): Set<string> {
  const names = new Set<string>()
  for (const m of Object.values(METRICS) as MetricDefinition[]) {
    names.add(m.name)
    if (m.type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m.name + s)
  }
  return names
}

/** Prefixes of prom-client's default metrics (collectDefaultMetrics), served by every process. */
export const DEFAULT_METRIC_PREFIXES = ['process_', 'nodejs_'] as const

/** prom-client's constructor options for a definition (the registry type stays the caller's). */
export function promConfig<L extends string, R>(
  d: MetricDefinition<L>,
  registers: R[],
): { name: string; help: string; labelNames: L[]; registers: R[]; buckets?: number[] } {
  return { name: d.name, help: d.help, labelNames: [...d.labelNames], registers, ...(d.buckets ? { buckets: [...d.buckets] } : {}) }
}

/**
 * prom-client's default metrics that `promtool check metrics` rejects (gauges named `_total`):
 * each process removes them after `collectDefaultMetrics`. Their sums are
 * `sum(nodejs_active_handles)`, `sum(nodejs_active_requests)`, `sum(nodejs_active_resources)`.
 */
export const DEFAULT_METRICS_REMOVED = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'] as const
