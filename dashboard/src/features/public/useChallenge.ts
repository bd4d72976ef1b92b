/**
 * A solved proof-of-work challenge, prepared in the background as soon as a form opens: `payload`
 * is set when solved; `renew()` starts over (after a use, or when the server refused it).
 * The work stops when the component's scope ends.
 */
import { shallowRef, type ShallowRef } from 'vue'
import { tryOnScopeDispose } from '@vueuse/core'
import { publicApi } from './api.ts'

export interface UseChallengeReturn {
  payload: ShallowRef<string | null>
  failed: ShallowRef<boolean>
  renew: () => void
}

/** @param immediate - start solving at once (default), or wait for the first `renew()` */
export function useChallenge(immediate = true): UseChallengeReturn {
  const payload = shallowRef<string | null>(null)
  const failed = shallowRef(false)
  let controller: AbortController | null = null
  const renew = () => {
    controller?.abort()
    const c = new AbortController()
    controller = c
    payload.value = null
    failed.value = false
    publicApi.solvedChallenge(c.signal).then(
      (p) => {
        if (!c.signal.aborted) payload.value = p
      },
      () => {
        if (!c.signal.aborted) failed.value = true
      },
    )
  }
  tryOnScopeDispose(() => controller?.abort())
  if (immediate) renew()
  return { payload, failed, renew }
}
