/**
 * Solves a challenge in a Web Worker (challenge.worker.ts), so that the tens of thousands of hashes
 * never block the page (a phone's main thread stays free for the citizen's typing). Where no worker
 * can start (no Worker, or its script refused), the page solves it itself in slices (solveChallenge).
 */
import type { PublicChallenge } from '../../../../domain/contracts/api/public.ts'
import { solveChallenge } from './solveChallenge.ts'

export function solveInWorker(c: PublicChallenge, signal?: AbortSignal): Promise<string | null> {
  const inPage = () => solveChallenge(c, signal ? { signal } : {})
  if (typeof Worker === 'undefined') return inPage()
  let worker: Worker
  try {
    worker = new Worker(new URL('./challenge.worker.ts', import.meta.url), { type: 'module' })
  } catch {
    return inPage()
  }
  return new Promise((resolve) => {
    const stop = () => {
      worker.terminate()
      signal?.removeEventListener('abort', abort)
    }
    const abort = () => {
      stop()
      resolve(null)
    }
    if (signal?.aborted) return abort()
    signal?.addEventListener('abort', abort, { once: true })
    worker.addEventListener('message', (ev: MessageEvent<string | null>) => {
      stop()
      resolve(ev.data)
    })
    worker.addEventListener('error', (ev) => {
      ev.preventDefault()
      stop()
      resolve(inPage())
    })
    worker.postMessage(c)
  })
}
