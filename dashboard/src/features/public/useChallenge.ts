/**
 * A solved proof-of-work challenge, prepared in the background (in a worker: solveInWorker.ts):
 * `payload` is set when solved; `renew()` starts over (after a use, or when the server refused it);
 * `start()` starts it once (a form that solves only when the citizen begins filling it in);
 * `ensure()` gives the payload, solving first if needed (null when it failed).
 * The work stops when the component's scope ends.
 */
import { shallowRef, type ShallowRef } from 'vue'
import { tryOnScopeDispose } from '@vueuse/core'
import { publicApi } from './api.ts'

export interface UseChallengeReturn {
  payload: ShallowRef<string | null>
  failed: ShallowRef<boolean>
  /** whether solving has begun (false until the first `start()`/`renew()` when not immediate) */
  started: ShallowRef<boolean>
  renew: () => void
  start: () => void
  ensure: () => Promise<string | null>
}

/** @param immediate - start solving at once (default), or wait for the first `start()`/`renew()` */
export function useChallenge(immediate = true): UseChallengeReturn {
  const payload = shallowRef<string | null>(null)
  const failed = shallowRef(false)
  const started = shallowRef(false)
  let controller: AbortController | null = null
  let pending: Promise<string | null> = Promise.resolve(null)
  const renew = () => {
    controller?.abort()
    const c = new AbortController()
    controller = c
    started.value = true
    payload.value = null
    failed.value = false
    pending = publicApi.solvedChallenge(c.signal).then(
      (p) => {
        if (!c.signal.aborted) payload.value = p
        return p
      },
      () => {
        if (!c.signal.aborted) failed.value = true
        return null
      },
    )
  }
  const start = () => {
    if (!started.value) renew()
  }
  const ensure = async (): Promise<string | null> => {
    if (payload.value) return payload.value
    if (!started.value || failed.value) renew()
    return pending
  }
  tryOnScopeDispose(() => controller?.abort())
  if (immediate) renew()
  return { payload, failed, started, renew, start, ensure }
}
