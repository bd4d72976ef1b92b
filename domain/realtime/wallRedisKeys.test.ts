import { describe, expect, it } from 'vitest'
import { wallRedisKeys } from './wallRedisKeys.ts'
import { socketChannelKey } from './topics.ts'

describe('wallRedisKeys', () => {
  it('names distinct keys under the deployment prefix, apart from the socket.io channel', () => {
    const k = wallRedisKeys('sv')
    expect(k).toEqual({ version: 'sv:wall:version', snapshot: 'sv:wall:snapshot', lock: 'sv:wall:lock', publishedAt: 'sv:wall:published-at' })
    expect(Object.values(wallRedisKeys('q_other')).some((x) => Object.values(k).includes(x))).toBe(false)
    expect(Object.values(k)).not.toContain(socketChannelKey('sv'))
  })
})
