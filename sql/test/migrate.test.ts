/**
 * The migration runner and the plain-PostgreSQL storage path (monthly partitions of `events`), on
 * throwaway databases of DATABASE_URL's server. TimescaleDB is forced off on every database here
 * (`supervision.timescaledb = 'off'`), so these tests exercise the plain path even on a server
 * that offers the extension; sql/test/timescale.test.ts covers the other path.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { createPlainTestDatabase, forcePlain } from '../../test/pglite.ts'
import { loadMigrations, migrate, MIGRATIONS_DIR, type Migration } from '../migrate.ts'

let migrations: Migration[]
const cleanups: (() => Promise<unknown>)[] = []

beforeAll(async () => {
  migrations = await loadMigrations()
})
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

/** A fresh, empty database (TimescaleDB off), dropped after the file. */
async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('sql_mig', { migrate: false })
  cleanups.push(() => db.drop())
  await forcePlain(db)
  return db
}

/** A connected client to `db`, closed after the file. */
async function connect(db: TestDatabase): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: db.url })
  await c.connect()
  cleanups.push(() => c.end())
  return c
}

/** A copy of sql/migrations in a temporary directory, removed after the file. */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  await cp(MIGRATIONS_DIR, dir, { recursive: true })
  return dir
}

const recorded = async (c: pg.ClientBase) =>
  (await c.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows

describe('migrate()', () => {
  it('applies every migration to an empty database and records each with its checksum', async () => {
    expect(migrations.length).toBeGreaterThanOrEqual(6)
    const c = await connect(await emptyDatabase())
    const res = await migrate(c)
    expect(res).toEqual({ applied: migrations.map((m) => m.file), timescaledb: false })
    expect(await recorded(c)).toEqual(migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })))
    // what the migrations promise exists
    const rel = await c.query(
      `SELECT to_regclass('events') AS events, to_regclass('events_default') AS def, to_regclass('event_keys') AS keys,
              to_regclass('cases') AS cases, to_regclass('event_counts_hourly') AS rollup, to_regclass('source_keys') AS source_keys,
              to_regprocedure('refresh_event_counts()') AS refresh, to_regprocedure('events_ensure_partition(date)') AS ensure`,
    )
    for (const [k, v] of Object.entries(rel.rows[0] as Record<string, unknown>)) expect(v, k).not.toBeNull()

    // a second run has nothing to do
    expect(await migrate(c)).toEqual({ applied: [], timescaledb: false })
    expect(await recorded(c)).toHaveLength(migrations.length)
  })

  it('applies each migration once when two processes start at the same time', async () => {
    const db = await emptyDatabase()
    const [a, b] = await Promise.all([connect(db), connect(db)])
    const [ra, rb] = await Promise.all([migrate(a), migrate(b)])
    // the advisory lock serialises the two runs: one applies everything, the other nothing
    expect([...ra.applied, ...rb.applied]).toEqual(migrations.map((m) => m.file))
    expect([ra.applied.length, rb.applied.length].sort((x, y) => x - y)).toEqual([0, migrations.length])
    expect(await recorded(a)).toHaveLength(migrations.length)
  })

  it('refuses a migration whose file changed after it was applied, and applies nothing', async () => {
    const dir = await copyOfMigrations()
    const c = await connect(await emptyDatabase())
    await migrate(c, { dir })
    const changed = migrations[1]!
    const file = path.join(dir, changed.file)
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited after being applied\n`)
    // a new migration after it must not run either
    await writeFile(path.join(dir, '998.after_edit.sql'), 'CREATE TABLE after_edit_probe (id int);\n')
    await expect(migrate(c, { dir })).rejects.toThrow(
      `migration ${changed.file} was changed after it was applied (checksum differs); add a new migration instead`,
    )
    expect((await c.query(`SELECT to_regclass('after_edit_probe') AS t`)).rows[0].t).toBeNull()
    expect(await recorded(c)).toEqual(migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })))
  })

  it('rolls a failing migration back completely and does not record it; fixed, it applies', async () => {
    const dir = await copyOfMigrations()
    const broken = path.join(dir, '999.broken.sql')
    await writeFile(
      broken,
      `CREATE TABLE broken_probe (id int PRIMARY KEY);
       INSERT INTO broken_probe VALUES (1);
       ALTER TABLE events ADD COLUMN broken_col int;
       INSERT INTO event_keys (source, event_id) VALUES ('broken', 'x');
       SELECT 1 / 0;
      `,
    )
    const db = await emptyDatabase()
    const c = await connect(db)
    await expect(migrate(c, { dir })).rejects.toThrow(/^migration 999\.broken\.sql failed: division by zero$/)
    // the migrations before it were applied and recorded, nothing of the broken one remains
    expect((await recorded(c)).map((r) => r.version)).toEqual(migrations.map((m) => m.version))
    const left = await c.query(
      `SELECT to_regclass('broken_probe') AS probe,
              (SELECT count(*)::int FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'broken_col') AS col,
              (SELECT count(*)::int FROM event_keys WHERE source = 'broken') AS keys`,
    )
    expect(left.rows[0]).toEqual({ probe: null, col: 0, keys: 0 })
    // no transaction left open on the connection
    const tx = await c.query(`SELECT xact_start = query_start AS fresh FROM pg_stat_activity WHERE pid = pg_backend_pid()`)
    expect(tx.rows[0].fresh).toBe(true)

    // the advisory lock was released: another session migrates without waiting
    const other = await connect(db)
    await other.query(`SET lock_timeout = '5s'`)
    await writeFile(broken, 'CREATE TABLE broken_probe (id int PRIMARY KEY);\n')
    expect(await migrate(other, { dir })).toEqual({ applied: ['999.broken.sql'], timescaledb: false })
    expect((await recorded(other)).at(-1)?.version).toBe(999)
  })

  it('records a migration in the same transaction as its changes: when recording fails, nothing remains', async () => {
    const dir = await copyOfMigrations()
    // the SQL itself succeeds, but leaves schema_migrations refusing the row that records it
    await writeFile(
      path.join(dir, '997.unrecordable.sql'),
      `CREATE TABLE unrecordable_probe (id int);
       ALTER TABLE schema_migrations ADD CONSTRAINT refuse_997 CHECK (version <> 997);
      `,
    )
    const c = await connect(await emptyDatabase())
    await expect(migrate(c, { dir })).rejects.toThrow(/^migration 997\.unrecordable\.sql failed: .*refuse_997/)
    const left = await c.query(
      `SELECT to_regclass('unrecordable_probe') AS probe,
              (SELECT count(*)::int FROM pg_constraint WHERE conname = 'refuse_997') AS constraints`,
    )
    expect(left.rows[0]).toEqual({ probe: null, constraints: 0 })
    expect((await recorded(c)).map((r) => r.version)).toEqual(migrations.map((m) => m.version))
  })
})

describe('monthly partitions of events (plain PostgreSQL)', () => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await createPlainTestDatabase('sql_part')
    cleanups.push(() => db.drop())
  })

  const insert = (c: pg.ClientBase, at: string[]) =>
    c.query(
      `INSERT INTO events (source, event_id, occurred_at, case_no, department_code, kind, body)
       SELECT 'test', 'p-' || t, t::timestamptz, 'C-' || i, '440204-SCJG', 'case.accepted', '{}'
       FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i)`,
      [at],
    )
  const count = async (c: pg.ClientBase, table: string, lo: string, hi: string) =>
    Number(
      (await c.query(`SELECT count(*) AS n FROM ${table} WHERE occurred_at >= $1 AND occurred_at < $2`, [lo, hi])).rows[0].n,
    )

  afterEach(async () => {
    // tests below share the database; none leaves rows behind
    await db.pool.query('DELETE FROM events')
  })

  it('creates the current month and the next three with the migration', async () => {
    const { rows } = await db.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'events'::regclass ORDER BY 1`,
    )
    const names = rows.map((r) => r.name)
    expect(names).toContain('events_default')
    const month = (await db.pool.query(`SELECT to_char(now(), 'YYYYMM') AS m`)).rows[0].m as string
    expect(names).toContain(`events_${month}`)
    expect(names.filter((n) => /^events_\d{6}$/.test(n))).toHaveLength(5) // -1 .. +3
  })

  it('moves rows of a month out of the default partition when that month is created, once', async () => {
    const c = await db.pool.connect()
    try {
      const march = ['2020-03-01 00:00:00+00', '2020-03-15 12:34:56.789+00', '2020-03-31 23:59:59.999999+00']
      const others = ['2020-02-29 23:59:59.999999+00', '2020-04-01 00:00:00+00'] // either side of March
      await c.query(`SET TIME ZONE 'UTC'`) // month bounds of a partition follow the session's zone
      await insert(c, [...march, ...others])
      expect(await count(c, 'events_default', '2020-03-01Z', '2020-04-01Z')).toBe(3)
      expect(await count(c, 'events_default', '2020-01-01Z', '2021-01-01Z')).toBe(5)
      expect((await c.query(`SELECT to_regclass('events_202003') AS t`)).rows[0].t).toBeNull()

      expect((await c.query(`SELECT events_ensure_partition('2020-03-17') AS created`)).rows[0].created).toBe(true)
      expect(await count(c, 'events_202003', '-infinity', 'infinity')).toBe(3)
      expect(await count(c, 'events_default', '2020-03-01Z', '2020-04-01Z')).toBe(0)
      expect(await count(c, 'events_default', '2020-01-01Z', '2021-01-01Z')).toBe(2)
      // still one table to readers, and rows are where the partition key says
      const seen = await c.query<{ part: string; n: string }>(
        `SELECT tableoid::regclass::text AS part, count(*) AS n FROM events GROUP BY 1 ORDER BY 1`,
      )
      expect(seen.rows).toEqual([
        { part: 'events_202003', n: '3' },
        { part: 'events_default', n: '2' },
      ])
      const bound = await c.query(`SELECT pg_get_expr(relpartbound, oid) AS b FROM pg_class WHERE relname = 'events_202003'`)
      expect(bound.rows[0].b).toBe(`FOR VALUES FROM ('2020-03-01 00:00:00+00') TO ('2020-04-01 00:00:00+00')`)
      // the partitioned indexes reach the new partition
      const idx = await c.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'events_202003'`)
      const parentIdx = await c.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'events'`)
      expect(idx.rows[0].n).toBe(parentIdx.rows[0].n)

      // new rows of March are routed to it; a second call does nothing
      await insert(c, ['2020-03-20 08:00:00+00'])
      expect(await count(c, 'events_202003', '-infinity', 'infinity')).toBe(4)
      expect((await c.query(`SELECT events_ensure_partition('2020-03-01') AS created`)).rows[0].created).toBe(false)
      expect(await count(c, 'events', '2020-03-01Z', '2020-04-01Z')).toBe(4)
    } finally {
      await c.query('RESET TIME ZONE')
      c.release()
    }
  })

  it('keeps ensure_partitions (the maintenance query) idempotent', async () => {
    const { sql } = await import('../queries.ts')
    const first = await db.pool.query(sql('ensure_partitions'), [6])
    const second = await db.pool.query(sql('ensure_partitions'), [6])
    expect(Number(first.rows[0].created)).toBe(3) // months +4 .. +6; -1 .. +3 came with the migration
    expect(Number(second.rows[0].created)).toBe(0)
  })

  // events_ensure_partition checks again after taking its lock: the second caller finds the month.
  it('lets two sessions ensure the same month at once: the second one returns false', async () => {
    const [a, b] = [await db.pool.connect(), await db.pool.connect()]
    try {
      const bPid = (await b.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number
      await a.query('BEGIN')
      expect((await a.query(`SELECT events_ensure_partition('2019-05-01') AS c`)).rows[0].c).toBe(true)
      const second = b.query(`SELECT events_ensure_partition('2019-05-20') AS c`)
      second.catch(() => {}) // awaited below
      await waitForLock(db.pool, bPid)
      await a.query('COMMIT')
      expect((await second).rows[0].c).toBe(false)
    } finally {
      await a.query('ROLLBACK').catch(() => {})
      a.release()
      b.release()
    }
  })

  // Month bounds are midnights UTC whatever the session's TimeZone.
  it('creates adjoining months from sessions in different time zones', async () => {
    const [a, b] = [await db.pool.connect(), await db.pool.connect()]
    try {
      await a.query(`SET TIME ZONE 'UTC'`)
      await b.query(`SET TIME ZONE 'Asia/Shanghai'`)
      expect((await a.query(`SELECT events_ensure_partition('2019-07-01') AS c`)).rows[0].c).toBe(true)
      expect((await b.query(`SELECT events_ensure_partition('2019-08-01') AS c`)).rows[0].c).toBe(true)
      expect((await b.query(`SELECT events_ensure_partition('2019-06-01') AS c`)).rows[0].c).toBe(true)
      // the three meet exactly: no gap, no overlap
      const { rows } = await a.query(
        `SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c
         WHERE c.relname IN ('events_201906', 'events_201907', 'events_201908') ORDER BY 1`,
      )
      const bounds = rows.map((r) => /FROM \('(.+)'\) TO \('(.+)'\)/.exec(r.bound as string)!.slice(1).map((t) => Date.parse(t.replace(' ', 'T').replace(/\+00$/, 'Z'))))
      expect(bounds).toHaveLength(3)
      expect(bounds[0]![1]).toBe(bounds[1]![0])
      expect(bounds[1]![1]).toBe(bounds[2]![0])
    } finally {
      await a.query('RESET TIME ZONE')
      await b.query('RESET TIME ZONE')
      a.release()
      b.release()
    }
  })
})

describe('rollup refresh (plain PostgreSQL)', () => {
  // refresh_event_counts() refreshes CONCURRENTLY once the view is populated.
  it('does not block readers of event_counts_hourly while it refreshes', async () => {
    const db = await createPlainTestDatabase('sql_roll')
    cleanups.push(() => db.drop())
    const [a, b] = [await db.pool.connect(), await db.pool.connect()]
    try {
      await a.query('CALL refresh_event_counts()') // populated once
      await a.query('BEGIN')
      await a.query('CALL refresh_event_counts()') // a refresh in progress (not committed)
      await b.query(`SET lock_timeout = '1s'`)
      expect((await b.query('SELECT count(*)::int AS n FROM event_counts_hourly')).rows[0].n).toBe(0)
    } finally {
      await a.query('ROLLBACK').catch(() => {})
      a.release()
      b.release()
    }
  })
})

/** Waits until the session `pid` waits for a lock. */
async function waitForLock(pool: pg.Pool, pid: number): Promise<void> {
  for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
    const { rows } = await pool.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid])
    if (rows[0]?.wait_event_type === 'Lock') return
  }
  throw new Error(`session ${pid} never waited for a lock`)
}
