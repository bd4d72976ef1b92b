/**
 * SIGINT / SIGTERM / SIGHUP for a launcher: the first one stops gracefully; `npm run` forwards a
 * terminal's Ctrl-C, so one press can arrive twice: only a second signal more than 1.5 s later
 * means "now" (kill).
 */
export function onStopSignals(h: { stop: (sig: NodeJS.Signals) => Promise<void> | void; kill: (sig: NodeJS.Signals) => void }): void {
  let firstAt = 0
  const on = (sig: NodeJS.Signals) => {
    if (firstAt === 0) {
      firstAt = Date.now()
      void h.stop(sig)
      return
    }
    if (Date.now() - firstAt < 1500) return
    h.kill(sig)
  }
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, on)
}
