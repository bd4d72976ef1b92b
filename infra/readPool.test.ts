import { describe, expect, it } from 'vitest'
import pg from 'pg'
import { createReadPools, replicaUsable, type ReplicaSample } from './readPool.ts'

const at = 1_000_000
const good: ReplicaSample = { at, standby: true, streaming: true, lagMs: 0 }
const opts = { maxLagMs: 2000, maxSampleAgeMs: 3000, now: at + 500 }

describe('the read replica lag guard', () => {
  it('uses a streaming standby within the lag', () => {
    expect(replicaUsable(good, opts)).toBe(true)
    expect(replicaUsable({ ...good, lagMs: 2000 }, opts)).toBe(true)
  })

  it('falls back to the primary when behind, not streaming, not a standby, stale or unknown', () => {
    expect(replicaUsable({ ...good, lagMs: 2001 }, opts)).toBe(false)
    expect(replicaUsable({ ...good, streaming: false }, opts)).toBe(false)
    expect(replicaUsable({ ...good, standby: false }, opts)).toBe(false) // promoted or misconfigured: not a replica of this primary
    expect(replicaUsable(good, { ...opts, now: at + 3001 })).toBe(false)
    expect(replicaUsable(null, opts)).toBe(false)
  })

  it('without a replica URL reads the primary', async () => {
    const primary = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' })
    const reads = createReadPools(primary, { url: null })
    expect(reads.pick()).toBe(primary)
    expect(await reads.check()).toBeNull()
    await reads.close()
    await primary.end()
  })

  it('falls back to the primary when the replica URL points at a primary (no standby)', async () => {
    const url = process.env.DATABASE_URL
    if (!url) throw new Error('DATABASE_URL must be set for the integration tests')
    const primary = new pg.Pool({ connectionString: url, max: 1 })
    const reads = createReadPools(primary, { url, checkEveryMs: 60_000 })
    const s = await reads.check()
    expect(s).toMatchObject({ standby: false, streaming: false })
    expect(reads.pick()).toBe(primary)
    await reads.close()
    await primary.end()
  })
})
