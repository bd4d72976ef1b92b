/**
 * The lag guard against a real streaming replica (Debian's PostgreSQL 15 binaries, pg_basebackup -R,
 * as `npm run cluster:local` makes it): reads go to the replica while it streams, and back to the
 * primary once it stops streaming (the primary killed).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPgCluster, freePortIn, pgBinaries, type PgCluster } from '../scripts/chaos/processes.ts'
import { createPgReplica, debianPgBin, type PgReplica } from '../scripts/cluster/processes.ts'
import { createReadPools, type ReadPools } from './readPool.ts'

let runDir: string
let primary: PgCluster
let replica: PgReplica
let primaryPool: pg.Pool
let reads: ReadPools

beforeAll(async () => {
  const dir = debianPgBin()
  if (!dir) throw new Error('this test needs pg_basebackup: Debian postgresql-15 (/usr/lib/postgresql/15/bin)')
  const bin = await pgBinaries(dir)
  runDir = mkdtempSync(path.join(os.tmpdir(), 'sv-replica-test-'))
  primary = await createPgCluster(runDir, bin, await freePortIn())
  await primary.start()
  replica = await createPgReplica(runDir, bin, primary.port, await freePortIn())
  await replica.start()
  primaryPool = new pg.Pool({ connectionString: primary.url(), max: 2 })
  primaryPool.on('error', () => {})
  reads = createReadPools(primaryPool, { url: replica.url(), maxLagMs: 2000, checkEveryMs: 200 })
}, 120_000)

afterAll(async () => {
  await reads?.close()
  await primaryPool?.end().catch(() => {})
  await replica?.stop()
  await primary?.stop()
  rmSync(runDir, { recursive: true, force: true })
})

const inRecovery = async (pool: pg.Pool) => (await pool.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0]!.r

describe('reads with a streaming replica', () => {
  it('go to the replica while it streams, and see what the primary committed', async () => {
    await primaryPool.query('CREATE TABLE t (n int); INSERT INTO t VALUES (42)')
    const until = Date.now() + 30_000
    while (Date.now() < until && !(reads.last()?.streaming === true)) await new Promise((r) => setTimeout(r, 100))
    expect(reads.last()).toMatchObject({ standby: true, streaming: true })
    const picked = reads.pick()
    expect(picked).not.toBe(primaryPool)
    expect(await inRecovery(picked)).toBe(true)
    let n: number | undefined
    while (Date.now() < until && n === undefined) n = (await picked.query<{ n: number }>('SELECT n FROM t').catch(() => ({ rows: [] as { n: number }[] }))).rows[0]?.n
    expect(n).toBe(42)
  }, 60_000)

  it('go to the primary once the replica stops streaming', async () => {
    await primary.kill9()
    const until = Date.now() + 30_000
    while (Date.now() < until && reads.pick() !== primaryPool) await new Promise((r) => setTimeout(r, 100))
    expect(reads.pick()).toBe(primaryPool)
    expect(reads.last()?.streaming ?? false).toBe(false)
    await primary.start() // the replica reconnects by itself (primary_conninfo)
    const back = Date.now() + 60_000
    while (Date.now() < back && reads.pick() === primaryPool) await new Promise((r) => setTimeout(r, 200))
    expect(reads.pick()).not.toBe(primaryPool)
  }, 240_000)
})
