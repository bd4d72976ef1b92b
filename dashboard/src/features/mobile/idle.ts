/**
 * Work the first screen does not need (the live connection, the service worker, the manifest):
 * run it once the browser has painted that screen and has a moment, instead of in the same long
 * task as the first render. `timeoutMs` bounds the wait on a browser that is never idle.
 */
export function afterFirstPaint(fn: () => void, timeoutMs = 1500): void {
  if (typeof window === 'undefined' || typeof window.requestAnimationFrame !== 'function') {
    fn()
    return
  }
  // a frame, then a task after it: the frame's paint has happened
  window.requestAnimationFrame(() => {
    setTimeout(() => {
      if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(() => fn(), { timeout: timeoutMs })
      else fn()
    }, 0)
  })
}
