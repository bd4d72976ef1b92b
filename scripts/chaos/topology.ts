/**
 * What `npm run chaos` runs against: the topology contract (what it posts to, checks and kills),
 * the single-machine topology, and the set-up helpers the cluster's topology shares
 * (scripts/cluster/topology.ts).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { migrate } from '../../sql/migrate.ts'
import { sql } from '../../sql/queries.ts'
import { createSourceKey } from '../create-key.ts'
import { createAppProcess, createPgCluster, createRedis, fileSize, freePortIn, logHas, pgBinaries, type AppProcess, type PgCluster, type RedisServer } from './processes.ts'
import type { KillTarget } from './report.ts'
import type { ChaosOptions } from './options.ts'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const JURISDICTION = '440204'
export const DEPARTMENTS = ['440204-SCJG', '440204-ZJJ', '440204-GA']
export const SOURCE = 'chaos'

/**
 * What the fault test runs against: where it posts, the database it checks, and the processes it
 * kills (in `KILL_ORDER`). `singleMachine` below; the cluster's is scripts/cluster/topology.ts.
 */
export interface ChaosTopology {
  /** e.g. "PostgreSQL 15 (/usr/lib/postgresql/15/bin)" */
  postgres: string
  /** the HTTP base the driver posts events to */
  base: string
  /** the primary, where the checks run */
  databaseUrl: string
  apiKey: string
  targets: Record<KillTarget, { kill9(): Promise<void>; start(): Promise<void> }>
  /** app processes restarted (and counted) when they die by themselves */
  watched: { managed: AppProcess['managed']; restart(): Promise<void> }[]
  stop(): Promise<void>
  /**
   * Something watched during the load beside the events (the cluster's wall clients): started
   * before the load, stopped after the checks; its lines are printed, its result is kept in the
   * JSON, and the run is clean only if it is.
   */
  observe?(): Promise<Observer>
}

export interface Observer {
  stop(phaseStarts: readonly number[], loadEnd: number): Promise<{ lines: string[]; result: unknown; clean: boolean }>
}

export type TopologySetup = (opts: ChaosOptions, ctx: { runDir: string; runId: string; log: (line: string) => void }) => Promise<ChaosTopology>

/** One PostgreSQL, one Redis, one server, one worker on this machine (`npm run chaos`). */
export const singleMachine: TopologySetup = async (opts, { runDir, runId, log }) => {
  const bin = await pgBinaries(opts.pgBin)
  const [pgPort, redisPort, httpPort] = [await freePortIn(), await freePortIn(), await freePortIn()]
  log(`chaos ${runId}: PostgreSQL ${bin.major} (${bin.dir}) on ${pgPort}, Redis on ${redisPort}, server on ${httpPort}; run dir ${runDir}`)
  let pgc: PgCluster | null = null
  let redis: RedisServer | null = null
  let server: AppProcess | null = null
  let worker: AppProcess | null = null
  const stop = async () => {
    await Promise.allSettled([worker?.stop(), server?.stop()])
    await Promise.allSettled([redis?.stop(), pgc?.stop()])
  }
  try {
    pgc = await createPgCluster(runDir, bin, pgPort)
    redis = await createRedis(runDir, redisPort, { appendOnly: opts.redisAof !== false })
    await Promise.all([pgc.start(), redis.start()])
    const { databaseUrl, apiKey } = await prepareDatabase(pgc.url('postgres'), pgc.url('supervision'))

    const base = `http://127.0.0.1:${httpPort}`
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      HOST: '127.0.0.1',
      PORT: String(httpPort),
      QUEUE_PREFIX: `chaos${runId}`,
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      NODE_ENV: 'production',
    }
    server = createAppProcess('server', ROOT, 'server/server.ts', env, path.join(runDir, 'server.log'), () => healthy(base))
    const w = workerProcess('worker', env, path.join(runDir, 'worker.log'))
    worker = w.process
    await server.start()
    await worker.start()
    log('server and worker up; load starts')
    const s = server
    return {
      postgres: `PostgreSQL ${bin.major} (${bin.dir})`,
      base,
      databaseUrl,
      apiKey,
      targets: { worker: { kill9: () => w.process.kill9(), start: w.restart }, server: s, redis, postgres: pgc },
      watched: [
        { managed: s.managed, restart: () => s.start() },
        { managed: w.process.managed, restart: w.restart },
      ],
      stop,
    }
  } catch (e) {
    await stop()
    throw e
  }
}

/** Creates database `supervision`, migrates, seeds the reference data and an API key. */
export async function prepareDatabase(adminUrl: string, databaseUrl: string): Promise<{ databaseUrl: string; apiKey: string }> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE supervision ENCODING 'UTF8'`)
  await admin.end()
  const setup = new pg.Client({ connectionString: databaseUrl })
  await setup.connect()
  await migrate(setup)
  await setup.query(sql('chaos_seed_reference'), [JURISDICTION, '浈江区', DEPARTMENTS, ['市场监管局', '住建局', '公安分局']])
  const apiKey = await createSourceKey(setup, SOURCE, null, 'npm run chaos')
  await setup.end()
  return { databaseUrl, apiKey }
}

/** Does `base`/healthz answer 200 within a second? */
export async function healthy(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) })
    await res.body?.cancel()
    return res.ok
  } catch {
    return false
  }
}

/** A worker process, ready when its log says "started" after the last (re)start. */
export function workerProcess(name: string, env: NodeJS.ProcessEnv, logFile: string): { process: AppProcess; restart(): Promise<void> } {
  let from = 0
  const proc = createAppProcess(name, ROOT, 'workers/main.ts', env, logFile, () => logHas(logFile, /\bstarted\b/, from))
  return {
    process: proc,
    restart: async () => {
      from = await fileSize(logFile)
      await proc.start()
    },
  }
}
