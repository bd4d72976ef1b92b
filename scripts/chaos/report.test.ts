import { describe, expect, it } from 'vitest'
import { allClean, formatTable, longestGap, phaseIndex, type PhaseRow } from './report.ts'

describe('phaseIndex', () => {
  const starts = [0, 10, 20, 30]
  it('puts an instant in the last phase that began at or before it', () => {
    expect(phaseIndex(starts, -5)).toBe(0)
    expect(phaseIndex(starts, 0)).toBe(0)
    expect(phaseIndex(starts, 9.9)).toBe(0)
    expect(phaseIndex(starts, 10)).toBe(1)
    expect(phaseIndex(starts, 29)).toBe(2)
    expect(phaseIndex(starts, 1e9)).toBe(3)
  })
})

describe('longestGap', () => {
  it('measures from the start, between instants and to the end', () => {
    expect(longestGap([2, 3, 9], 0, 10)).toBe(6)
    expect(longestGap([5], 0, 6)).toBe(5)
    expect(longestGap([1, 2], 0, 10)).toBe(8)
  })
  it('is the whole span without any instant in it', () => {
    expect(longestGap([], 3, 10)).toBe(7)
    expect(longestGap([1, 20], 3, 10)).toBe(7)
  })
})

const row = (over: Partial<PhaseRow>): PhaseRow => ({
  kill: 'worker', acknowledged: 100, lost: 0, duplicated: 0, unprojected: 0, mismatched: 0, secondsWithout202: 0.2, restartSeconds: 1.5, ...over,
})

describe('formatTable and allClean', () => {
  it('prints one line per phase and a total', () => {
    const t = formatTable([row({ kill: 'none', restartSeconds: null }), row({ kill: 'postgres', acknowledged: 1234, secondsWithout202: 4.25 })])
    const lines = t.split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[0]).toMatch(/^kill -9\s+acknowledged\s+lost/)
    expect(lines[3]).toMatch(/^postgres\s+1,234\s+0\s+0\s+0\s+0\s+4\.3\s+1\.5$/)
    expect(lines[4]).toMatch(/^total\s+1,334\s+0\s+0\s+0\s+0\s+4\.3\s+–$/)
  })
  it('is clean only when nothing was lost, doubled, left unprojected or mismatched', () => {
    expect(allClean([row({}), row({ kill: 'redis' })])).toBe(true)
    expect(allClean([row({}), row({ lost: 1 })])).toBe(false)
    expect(allClean([row({ duplicated: 1 })])).toBe(false)
    expect(allClean([row({ unprojected: 2 })])).toBe(false)
    expect(allClean([row({ mismatched: 1 })])).toBe(false)
  })
})
