import { describe, expect, it } from 'vitest'
import { clusterQueuePrefix, hashTag, queuePrefixProblem } from './queues.ts'

describe('queue prefixes on Redis Cluster', () => {
  it('finds the hash tag Redis Cluster hashes', () => {
    expect(hashTag('{440204}')).toBe('440204')
    expect(hashTag('{sv:440204}:x')).toBe('sv:440204')
    expect(hashTag('sv')).toBeNull()
    expect(hashTag('{}sv')).toBeNull() // an empty tag: Redis hashes the whole key
    expect(hashTag('sv{')).toBeNull()
  })

  it('gives each jurisdiction its own hash tag', () => {
    expect(clusterQueuePrefix('sv', '440204')).toBe('{sv:440204}')
    expect(clusterQueuePrefix('{sv}', '440204')).toBe('{sv:440204}')
    expect(hashTag(clusterQueuePrefix('sv', '440204'))).not.toBe(hashTag(clusterQueuePrefix('sv', '440203')))
  })

  it('refuses an untagged prefix on a cluster only', () => {
    expect(queuePrefixProblem('sv', { cluster: false })).toBeNull()
    expect(queuePrefixProblem('sv', { cluster: true })).toMatch(/hash tag.*\{sv\}/)
    expect(queuePrefixProblem('{sv:440204}', { cluster: true })).toBeNull()
    expect(queuePrefixProblem('', { cluster: false })).toMatch(/empty/)
  })
})
