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

/** Fold these subjects' events into their current state. */
export interface ProjectJob {
  cases: string[]
  petitions: string[]
}

export type MaintenanceJobName = 'recover' | 'partitions' | 'rollups' | 'sweep' | 'recompute'

/** BullMQ prefix used for every queue of one deployment (tests use their own). */
export const DEFAULT_QUEUE_PREFIX = 'sv'
