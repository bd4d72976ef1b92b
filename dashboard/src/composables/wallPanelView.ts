/**
 * The wall's panels as the page draws them: one `shallowRef` per panel, each replaced at most once
 * per `minPanelIntervalMs` (the pure rule is panelThrottle.ts; this adds the timers). A panel
 * scheduled for later reads the latest state when its timer fires.
 *
 *   const view = createWallPanelView({ minPanelIntervalMs: 250, now: Date.now })
 *   view.show(snapshot.panels, ['tiles'])   // view.refs.tiles.value is the new tiles (now or ≤ 250 ms later)
 */
import { shallowRef, type ShallowRef } from 'vue'
import type { WallPanelName, WallPanels } from '../../../domain/realtime/wall.ts'
import { newPanelThrottle, panelRendered, schedulePanelRender, type PanelThrottleState } from './panelThrottle.ts'

export interface WallPanelView {
  refs: { [K in WallPanelName]: Readonly<ShallowRef<WallPanels[K] | null>> }
  /** The state now has these panels; draw the named ones (throttled). */
  show(panels: WallPanels, changed: readonly WallPanelName[]): void
  /** Stop the pending renders. */
  close(): void
}

export function createWallPanelView(options: { minPanelIntervalMs: number; now: () => number }): WallPanelView {
  const { minPanelIntervalMs, now } = options
  const refs = {
    tiles: shallowRef<WallPanels['tiles'] | null>(null),
    departments: shallowRef<WallPanels['departments'] | null>(null),
    cards: shallowRef<WallPanels['cards'] | null>(null),
    trends: shallowRef<WallPanels['trends'] | null>(null),
    rankings: shallowRef<WallPanels['rankings'] | null>(null),
  }
  const throttles: Record<WallPanelName, PanelThrottleState> = { tiles: newPanelThrottle(), departments: newPanelThrottle(), cards: newPanelThrottle(), trends: newPanelThrottle(), rankings: newPanelThrottle() }
  const timers: Partial<Record<WallPanelName, ReturnType<typeof setTimeout>>> = {}
  let latest: WallPanels | null = null

  function draw(name: WallPanelName) {
    ;(refs[name] as ShallowRef<unknown>).value = latest?.[name] ?? null
  }

  function schedule(name: WallPanelName) {
    const t = now()
    const at = schedulePanelRender(throttles[name], t, minPanelIntervalMs)
    if (at <= t) return draw(name)
    if (timers[name] !== undefined) return // already scheduled: it will read the latest state
    timers[name] = setTimeout(() => {
      delete timers[name]
      panelRendered(throttles[name], now())
      draw(name)
    }, at - t)
  }

  return {
    refs,
    show(panels, changed) {
      latest = panels
      for (const name of changed) schedule(name)
    },
    close() {
      for (const name of Object.keys(timers) as WallPanelName[]) {
        clearTimeout(timers[name])
        delete timers[name]
      }
    },
  }
}
