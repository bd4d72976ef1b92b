/**
 * Redis connections for the server and the workers: one Redis (`redis://host:port`, the default
 * single-machine deployment) or a Redis Cluster (`redis-cluster://host:port,host:port,...`, any
 * of its nodes; the client discovers the rest and follows failovers). Everything that talks to
 * Redis takes a `RedisClient` from `connectRedis`, so the same code runs on both.
 *
 * On a cluster every multi-key command must stay in one slot: the queue prefix is hash-tagged
 * (domain/queues.ts `queuePrefixProblem`), and socket.io uses sharded pub/sub (Redis 7): the
 * server's `createShardedAdapter` and, in the workers, `createShardedEmitter` below, which
 * publishes what `@socket.io/redis-emitter` publishes, in the sharded adapter's format.
 *
 *   const redis = connectRedis(process.env.REDIS_URL, { maxRetriesPerRequest: null })
 *   isCluster(redis) // true for redis-cluster://
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis'
import { socketChannelKey } from '../domain/realtime/topics.ts'

export type RedisClient = Redis | Cluster

export interface RedisNode {
  host: string
  port: number
}

const CLUSTER_SCHEME = 'redis-cluster://'

/** The nodes of a `redis-cluster://h:p,h:p` URL, or null for a plain Redis URL. */
export function clusterNodes(url: string): RedisNode[] | null {
  if (!url.startsWith(CLUSTER_SCHEME)) return null
  const nodes = url
    .slice(CLUSTER_SCHEME.length)
    .replace(/\/.*$/, '')
    .split(',')
    .filter((s) => s.length > 0)
    .map((hp) => {
      const m = /^(.+):(\d+)$/.exec(hp)
      if (!m) throw new Error(`bad Redis Cluster node "${hp}" in REDIS_URL (expected host:port)`)
      return { host: m[1]!, port: Number(m[2]) }
    })
  if (nodes.length === 0) throw new Error('REDIS_URL redis-cluster:// names no node')
  return nodes
}

export const isClusterUrl = (url: string): boolean => url.startsWith(CLUSTER_SCHEME)

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster
}

/** Options that matter to a cluster connection only. */
export interface ClusterExtras {
  /** Sharded pub/sub subscriptions follow the slot's master (the socket.io adapter's subscriber). */
  shardedSubscribers?: boolean
}

/** A connection to the Redis or the Redis Cluster of `url`, with the same options either way. */
export function connectRedis(url: string, opts: RedisOptions & ClusterExtras = {}): RedisClient {
  const nodes = clusterNodes(url)
  const { shardedSubscribers, ...redisOptions } = opts
  if (nodes === null) return new Redis(url, redisOptions)
  const { enableOfflineQueue, lazyConnect, retryStrategy, ...perNode } = redisOptions
  const clusterOptions: ClusterOptions = {
    redisOptions: perNode,
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    ...(shardedSubscribers ? { shardedSubscribers: true } : {}),
    // a master that died: ask again while its replica is promoted (cluster-node-timeout)
    clusterRetryStrategy: (times) => Math.min(100 + times * 200, 2000),
    retryDelayOnFailover: 300,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 300,
    slotsRefreshTimeout: 2000,
    slotsRefreshInterval: 5000,
  }
  void retryStrategy // per-node reconnection is the cluster's business (clusterRetryStrategy)
  return new Cluster(nodes, clusterOptions)
}

/** The sharded pub/sub channel prefix of a deployment: without the hash tag's braces, so that rooms spread over the shards. */
export function shardedChannelPrefix(queuePrefix: string): string {
  return socketChannelKey(queuePrefix.replace(/[{}]/g, ''))
}

/**
 * What `emit` sends: a socket.io EVENT packet to one room. Like `@socket.io/redis-emitter` it
 * does not wait: pub/sub delivers at most once (a wall client that misses a delta sees the gap in
 * versions and resyncs), and a failed PUBLISH is dropped, never an unhandled rejection.
 */
export interface ShardedEmitter<Events> {
  to(room: string): { emit<Ev extends keyof Events & string>(ev: Ev, ...args: Events[Ev] extends (...a: infer P) => unknown ? P : never): true }
}

const BROADCAST = 3 // socket.io-adapter ClusterAdapter MessageType.BROADCAST
const EVENT = 2 // socket.io-parser PacketType.EVENT

/**
 * The channel the sharded adapter (subscription mode "dynamic", the default) listens on for a
 * broadcast to `room`: a channel per room, except for a socket's own room (20-character id).
 */
export function shardedRoomChannel(channelPrefix: string, room: string, nsp = '/'): string {
  const base = `${channelPrefix}#${nsp}#`
  return room.length === 20 ? base : `${base}${room}#`
}

/** A broadcast to one room through Redis sharded pub/sub, heard by `createShardedAdapter` on every server. */
export function createShardedEmitter<Events>(redis: RedisClient, channelPrefix: string): ShardedEmitter<Events> {
  return {
    to(room) {
      return {
        emit(ev, ...args) {
          const message = {
            uid: 'emitter',
            nsp: '/',
            type: BROADCAST,
            data: { opts: { rooms: [room], except: [], flags: {} }, packet: { type: EVENT, data: [ev, ...args], nsp: '/' } },
          }
          redis.spublish(shardedRoomChannel(channelPrefix, room), JSON.stringify(message)).catch(() => {})
          return true
        },
      }
    },
  }
}

/** A second connection like `client` (same node list and options). */
export function duplicateRedis(client: RedisClient): RedisClient {
  return isCluster(client) ? client.duplicate() : client.duplicate()
}
