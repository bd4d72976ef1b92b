/**
 * vitest globalSetup: real PostgreSQL and Redis for the test run.
 *
 * - DATABASE_URL and REDIS_URL both set (CI on a machine that runs them, docker compose, your own):
 *   nothing is started; they are used as they are.
 * - Otherwise the missing one(s) are started by scripts/services.ts (embedded PostgreSQL 18 and a
 *   private redis-server) with their data in ./.data/test, reused by the next run, and stopped in
 *   the teardown.
 *
 * How tests get the URLs: vitest runs globalSetup in its main process *before* it creates the
 * test workers, and the workers inherit the main process's environment as it is then. So setting
 * process.env.DATABASE_URL / REDIS_URL here reaches `process.env` in every test file (checked with
 * vitest 4.1.12, pools `forks` and `threads`). The same values are also handed over with
 * project.provide(), for tests that prefer `inject('databaseUrl')` / `inject('redisUrl')`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ensureServices } from '../scripts/services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL && process.env.REDIS_URL) {
    project.provide('databaseUrl', process.env.DATABASE_URL);
    project.provide('redisUrl', process.env.REDIS_URL);
    return async () => {};
  }
  const t0 = Date.now();
  const svc = await ensureServices({
    dataDir: path.join(root, '.data', 'test'),
    log: (m) => console.log(`[test services] ${m}`),
  });
  console.log(`[test services] ready in ${Date.now() - t0} ms`);
  process.env.DATABASE_URL = svc.databaseUrl;
  process.env.REDIS_URL = svc.redisUrl;
  project.provide('databaseUrl', svc.databaseUrl);
  project.provide('redisUrl', svc.redisUrl);
  return async () => {
    await svc.stop();
  };
}
