import { describe, expect, it } from 'vitest'
import { latestAnchor, parseAnchorLine } from './latestAnchor.ts'

const h = (c: string) => c.repeat(64)
const a = (seq: number, at: string, database = 'db1') => ({ seq, hash: h(String(seq % 10)), rows: seq, at, database })

describe('parseAnchorLine', () => {
  it('reads a well-formed anchor', () => {
    const x = a(12, '2026-12-05T10:00:00.000Z')
    expect(parseAnchorLine(JSON.stringify(x))).toEqual(x)
  })
  it.each(['', 'not json', 'null', '{"seq":"1"}', JSON.stringify({ ...a(1, '2026-12-05T10:00:00Z'), hash: 'short' }), JSON.stringify({ ...a(1, 'yesterday') }), JSON.stringify({ ...a(1, '2026-12-05T10:00:00Z'), database: '' }), JSON.stringify({ ...a(1, '2026-12-05T10:00:00Z'), seq: -1 })])(
    'refuses %j',
    (line) => expect(parseAnchorLine(line)).toBeNull(),
  )
})

describe('latestAnchor', () => {
  it('takes the highest seq of the database, over every store, ignoring others and blanks', () => {
    const fromFile = [a(3, '2026-12-05T10:00:00Z'), a(7, '2026-12-05T11:00:00Z')]
    const fromRedis = [a(5, '2026-12-05T12:00:00Z'), a(99, '2026-12-05T12:00:00Z', 'other'), null]
    expect(latestAnchor([...fromFile, ...fromRedis], 'db1')).toEqual(a(7, '2026-12-05T11:00:00Z'))
  })
  it('breaks a tie on seq by the later time; null when none', () => {
    expect(latestAnchor([a(4, '2026-12-05T10:00:00Z'), a(4, '2026-12-05T10:05:00Z')], 'db1')?.at).toBe('2026-12-05T10:05:00Z')
    expect(latestAnchor([a(4, '2026-12-05T10:00:00Z')], 'db2')).toBeNull()
  })
})
