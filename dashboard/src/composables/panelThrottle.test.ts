import { describe, expect, it } from 'vitest'
import { newPanelThrottle, panelRendered, schedulePanelRender } from './panelThrottle.ts'

describe('schedulePanelRender', () => {
  it('draws a change after a quiet interval at once, and joins changes during it into one render at its end', () => {
    const s = newPanelThrottle()
    expect(schedulePanelRender(s, 1000, 250)).toBe(1000)
    expect(schedulePanelRender(s, 1100, 250)).toBe(1250)
    expect(schedulePanelRender(s, 1249, 250)).toBe(1250)
    panelRendered(s, 1250)
    expect(schedulePanelRender(s, 1600, 250)).toBe(1600) // quiet since 1250
  })

  it('never draws twice within the interval, whatever the arrival times (replayed without timers)', () => {
    const s = newPanelThrottle()
    const renders = new Set<number>()
    let t = 0
    for (let i = 0; i < 2000; i++) {
      t += ((i * 7919) % 97) // 0…96 ms apart, uneven
      const at = schedulePanelRender(s, t, 250)
      expect(at).toBeGreaterThanOrEqual(t)
      expect(at - t).toBeLessThanOrEqual(250)
      renders.add(at)
    }
    const times = [...renders].sort((a, b) => a - b)
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(250)
  })
})
