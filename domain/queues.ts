/**
 * Queue names and job payloads: the contract between server/ (producer) and workers/ (consumers).
 * They meet in Redis only.
 */
export const QUEUES = {
  project: 'project',
  maintenance: 'maintenance',
  /** Delivers due notification outbox rows (workers/notify.ts). */
  notify: 'notify',
} as const
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]

/** Fold these subjects' events into their current state. */
export interface ProjectJob {
  cases: string[]
  petitions: string[]
}

/** The maintenance queue's jobs (each has one entry in workers/jobs.ts). */
export const MAINTENANCE_JOB_NAMES = ['recover', 'partitions', 'rollups', 'sweep', 'recompute'] as const
export type MaintenanceJobName = (typeof MAINTENANCE_JOB_NAMES)[number]

/** BullMQ prefix used for every queue of one deployment (tests use their own). */
export const DEFAULT_QUEUE_PREFIX = 'sv'

/**
 * The hash tag of a queue prefix: the part between the first `{` and the next `}` when it is not
 * empty (Redis Cluster hashes only that part of a key), else null.
 *
 * @example hashTag('{440204}') // '440204'; hashTag('sv') // null
 */
export function hashTag(prefix: string): string | null {
  const open = prefix.indexOf('{')
  if (open < 0) return null
  const close = prefix.indexOf('}', open + 1)
  return close > open + 1 ? prefix.slice(open + 1, close) : null
}

/**
 * The queue prefix of one jurisdiction's deployment on Redis Cluster: hash-tagged, so that every
 * key of its queues, its wall state and its audit anchors lands in one slot (BullMQ's scripts
 * touch several keys of a queue at once), while deployments of different jurisdictions land on
 * different slots and so spread over the shards.
 *
 * @example clusterQueuePrefix('sv', '440204') // '{sv:440204}'
 */
export function clusterQueuePrefix(base: string, jurisdictionCode: string): string {
  return `{${base.replace(/[{}]/g, '')}:${jurisdictionCode.replace(/[{}]/g, '')}}`
}

/**
 * Checks a configured queue prefix: on Redis Cluster it must carry a hash tag (see
 * `clusterQueuePrefix`), or BullMQ's multi-key scripts fail with CROSSSLOT. Returns an error
 * message (English / Chinese), or null when the prefix is usable.
 */
export function queuePrefixProblem(prefix: string, opts: { cluster: boolean }): string | null {
  if (prefix.length === 0) return 'QUEUE_PREFIX is empty / QUEUE_PREFIX 为空'
  if (opts.cluster && hashTag(prefix) === null) {
    return `QUEUE_PREFIX "${prefix}" has no hash tag; on Redis Cluster use e.g. "{${prefix}}" or "${clusterQueuePrefix(prefix, '<jurisdiction>')}" / Redis 集群下 QUEUE_PREFIX 须含哈希标签，例如 "{${prefix}}"`
  }
  return null
}
