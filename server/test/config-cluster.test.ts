import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'

const base = { DATABASE_URL: 'postgres://x@127.0.0.1/db', REDIS_URL: 'redis://127.0.0.1:6379' }
const cluster = 'redis-cluster://127.0.0.1:7001,127.0.0.1:7002'

describe('configuration for a deployment across machines', () => {
  it('keeps the single-machine defaults: no read replica, any prefix', () => {
    const c = loadConfig({ ...base })
    expect(c.queuePrefix).toBe('sv')
    expect(c.databaseReadUrl).toBeUndefined()
  })

  it('refuses a Redis Cluster with a queue prefix without hash tag, accepts a tagged one', () => {
    expect(() => loadConfig({ ...base, REDIS_URL: cluster })).toThrow(/hash tag/)
    expect(() => loadConfig({ ...base, REDIS_URL: cluster, QUEUE_PREFIX: 'sv' })).toThrow(/\{sv\}/)
    expect(loadConfig({ ...base, REDIS_URL: cluster, QUEUE_PREFIX: '{sv:440204}' }).queuePrefix).toBe('{sv:440204}')
  })

  it('reads the replica and its lag guard', () => {
    const c = loadConfig({ ...base, DATABASE_READ_URL: 'postgres://x@replica/db', READ_MAX_LAG_MS: '500' })
    expect(c).toMatchObject({ databaseReadUrl: 'postgres://x@replica/db', readMaxLagMs: 500 })
    expect(loadConfig({ ...base, DATABASE_READ_URL: 'postgres://x@replica/db' }).readMaxLagMs).toBe(2000)
    expect(() => loadConfig({ ...base, DATABASE_READ_URL: 'postgres://x@replica/db', READ_MAX_LAG_MS: 'soon' })).toThrow(/READ_MAX_LAG_MS/)
  })
})
