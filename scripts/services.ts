/**
 * Local PostgreSQL and Redis for development, the demo and the tests.
 *
 *   const svc = await ensureServices({ dataDir: './.data' })
 *   // svc.databaseUrl, svc.redisUrl ... later: await svc.stop()
 *
 * - DATABASE_URL set: used as is, no PostgreSQL is started. Otherwise an embedded PostgreSQL 18
 *   (services/postgres.ts) with its cluster in `<dataDir>/pg`.
 * - REDIS_URL set: used as is. Otherwise `redis-server` from PATH (services/redis.ts) with its data
 *   in `<dataDir>/redis`.
 * - stop() stops only what this call started (PostgreSQL fast shutdown, Redis SHUTDOWN), and can
 *   be called any number of times.
 *
 * The servers run in their own process group, so a terminal Ctrl-C reaches the demo, which stops
 * the app first and the databases last. Logs: `<dataDir>/postgres.log`, `<dataDir>/redis.log`.
 * Process helpers shared by both: services/process.ts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { startPostgres } from './services/postgres.ts';
import { REDIS_MISSING_MESSAGE, startRedis } from './services/redis.ts';
import { external, findOnPath } from './services/process.ts';

export { DEFAULT_PG_PORT, PG_DATABASE, PG_PASSWORD, PG_USER } from './services/postgres.ts';
export { DEFAULT_REDIS_PORT, REDIS_MISSING_MESSAGE } from './services/redis.ts';

export interface EnsureServicesOptions {
  /** Where PostgreSQL (`pg/`) and Redis (`redis/`) keep their data, e.g. `./.data`. */
  dataDir: string;
  log?: (msg: string) => void;
}

export interface Services {
  databaseUrl: string;
  redisUrl: string;
  /** Stops what this call started; idempotent. */
  stop(): Promise<void>;
  /** What this call started (false when taken from the environment or reused). */
  started: { postgres: boolean; redis: boolean };
}

export async function ensureServices(opts: EnsureServicesOptions): Promise<Services> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const envDb = process.env.DATABASE_URL;
  const envRedis = process.env.REDIS_URL;

  // Fail fast, before starting anything, when Redis cannot be had.
  const redisBin = envRedis ? undefined : findOnPath('redis-server');
  if (!envRedis && !redisBin) throw new Error(REDIS_MISSING_MESSAGE);

  if (!envDb || !envRedis) await fs.mkdir(dataDir, { recursive: true });

  const [pgRes, redisRes] = await Promise.allSettled([
    envDb ? Promise.resolve(external(envDb)) : startPostgres(dataDir, log),
    envRedis ? Promise.resolve(external(envRedis)) : startRedis(dataDir, redisBin!, log),
  ]);
  if (pgRes.status === 'rejected' || redisRes.status === 'rejected') {
    // Do not leave half of the pair running.
    await Promise.allSettled(
      [pgRes, redisRes].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)),
    );
    throw pgRes.status === 'rejected' ? pgRes.reason : (redisRes as PromiseRejectedResult).reason;
  }
  const pgH = pgRes.value;
  const redisH = redisRes.value;

  let stopping: Promise<void> | undefined;
  return {
    databaseUrl: pgH.url,
    redisUrl: redisH.url,
    started: { postgres: pgH.started, redis: redisH.started },
    stop() {
      stopping ??= (async () => {
        const results = await Promise.allSettled([redisH.stop(), pgH.stop()]);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      })();
      return stopping;
    },
  };
}
