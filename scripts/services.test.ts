/**
 * ensureServices() against real binaries: embedded PostgreSQL and redis-server from PATH, in a
 * fresh temporary directory (as root in CI, so the postgres-user handling is exercised too).
 * DATABASE_URL / REDIS_URL are removed for these tests (a globalSetup may have set them).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { ensureServices } from './services.ts';

const saved = {
  DATABASE_URL: process.env.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL,
  PATH: process.env.PATH,
};

function restoreEnv() {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function withRedis<T>(url: string, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  await r.connect();
  try {
    return await fn(r);
  } finally {
    await r.quit();
  }
}

describe('ensureServices', () => {
  const dirs: string[] = [];
  const tmp = async (prefix: string) => {
    const d = await mkdtemp(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };

  beforeAll(() => {
    delete process.env.DATABASE_URL;
    delete process.env.REDIS_URL;
  });

  afterAll(async () => {
    restoreEnv();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('starts PostgreSQL and Redis, stops them, and a second run on the same dir finds the data', async () => {
    const dataDir = await tmp('svc-test-'); // mode 0700: as root, ensureServices must open it for `postgres`
    const logs: string[] = [];

    const first = await ensureServices({ dataDir, log: (m) => logs.push(m) });
    try {
      expect(first.started).toEqual({ postgres: true, redis: true });
      expect(first.databaseUrl).toMatch(/^postgres:\/\/.*\/supervision$/);
      expect(first.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);

      await withPg(first.databaseUrl, async (c) => {
        const r = await c.query<{ db: string; enc: string }>(
          'SELECT current_database() AS db, pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = current_database()',
        );
        expect(r.rows[0]).toEqual({ db: 'supervision', enc: 'UTF8' });
        await c.query('CREATE TABLE kept (id int PRIMARY KEY, name text NOT NULL)');
        await c.query(`INSERT INTO kept VALUES (1, '浈江区行政服务中心')`);
      });
      await withRedis(first.redisUrl, async (r) => {
        expect(await r.set('svc-test:key', '保留')).toBe('OK');
        expect(await r.get('svc-test:key')).toBe('保留');
      });

      if (process.getuid?.() === 0) {
        // PostgreSQL cannot run as root: the cluster belongs to the `postgres` OS user.
        const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
        expect((await stat(path.join(dataDir, 'pg'))).uid).toBe(uid);
      }
    } finally {
      await first.stop();
    }
    await first.stop(); // idempotent

    // Both servers are really gone.
    await expect(withPg(first.databaseUrl, async () => 0)).rejects.toThrow();

    const second = await ensureServices({ dataDir, log: (m) => logs.push(m) });
    try {
      expect(second.started).toEqual({ postgres: true, redis: true });
      expect(logs.filter((l) => l.startsWith('initdb'))).toHaveLength(1); // initdb only the first time
      const rows = await withPg(second.databaseUrl, async (c) => (await c.query('SELECT id, name FROM kept')).rows);
      expect(rows).toEqual([{ id: 1, name: '浈江区行政服务中心' }]);
      expect(await withRedis(second.redisUrl, (r) => r.get('svc-test:key'))).toBe('保留');
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('uses DATABASE_URL / REDIS_URL as given and starts nothing', async () => {
    process.env.DATABASE_URL = 'postgres://someone@db.invalid:5432/x';
    process.env.REDIS_URL = 'redis://cache.invalid:6379';
    try {
      const s = await ensureServices({ dataDir: await tmp('svc-env-') });
      expect(s).toMatchObject({
        databaseUrl: 'postgres://someone@db.invalid:5432/x',
        redisUrl: 'redis://cache.invalid:6379',
        started: { postgres: false, redis: false },
      });
      await s.stop();
    } finally {
      delete process.env.DATABASE_URL;
      delete process.env.REDIS_URL;
    }
  });

  it('without redis-server on PATH, says how to get one (English and Chinese)', async () => {
    const emptyBin = await tmp('svc-nopath-');
    process.env.PATH = emptyBin;
    process.env.DATABASE_URL = 'postgres://unused@127.0.0.1:1/unused'; // nothing to start for PostgreSQL
    try {
      const err = await ensureServices({ dataDir: await tmp('svc-noredis-') }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toContain('apt-get install redis-server');
      expect(err!.message).toContain('brew install redis');
      expect(err!.message).toContain('REDIS_URL');
      expect(err!.message).toContain('docker compose up');
      expect(err!.message).toContain('未在 PATH 中找到 redis-server');
    } finally {
      restoreEnv();
      delete process.env.DATABASE_URL;
      delete process.env.REDIS_URL;
    }
  });
});
