import { describe, expect, it } from 'vitest'
import { FULL, parseChaosArgs, SHORT } from './options.ts'

describe('npm run chaos arguments', () => {
  it('defaults to the full form, --short to the CI form', () => {
    expect(parseChaosArgs([])).toEqual({ ...FULL, seed: 1 })
    expect(parseChaosArgs(['--short'])).toEqual({ ...SHORT, seed: 1 })
    expect(SHORT.seconds).toBeLessThan(FULL.seconds)
  })
  it('takes each option over the form it starts from', () => {
    expect(parseChaosArgs(['--short', '--seconds', '90', '--rate', '50', '--batch', '10', '--down-ms', '0', '--settle', '30', '--seed', '4', '--pg-bin', '/usr/lib/postgresql/15/bin', '--redis-aof', 'off', '--out', '/tmp/x', '--keep'])).toEqual({
      seconds: 90, rate: 50, batch: 10, downMs: 0, settleSeconds: 30, seed: 4, pgBin: '/usr/lib/postgresql/15/bin', redisAof: false, resultsDir: '/tmp/x', keep: true,
    })
  })
  it('refuses nonsense', () => {
    expect(() => parseChaosArgs(['--seconds', '5'])).toThrow(/--seconds must be a number ≥ 10/)
    expect(() => parseChaosArgs(['--rate', 'fast'])).toThrow(/--rate/)
    expect(() => parseChaosArgs(['--redis-aof', 'maybe'])).toThrow(/on or off/)
    expect(() => parseChaosArgs(['--bogus'])).toThrow()
  })
})
