import { readonly, shallowRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { usePolling } from './usePolling.ts'

/**
 * Body of `GET /readyz` (server/routes/health.ts), sent with 200 when ready and 503 when not.
 * Mirrored here because the dashboard may import only from domain/; if the server moves this
 * shape into domain/, import it from there instead.
 */
export interface Readiness {
  /** `ready` | `not-ready` */
  status: string
  /** `up` | `down` */
  postgres: string
  /** `up` | `down` */
  redis: string
  /** The deployment serves simulated data (`SIMULATED_DATA`): pages show a 模拟数据 mark. */
  simulatedData?: boolean
}

/**
 * - `unknown`: no answer yet
 * - `ready`: the server answered and PostgreSQL and Redis are up
 * - `degraded`: the server answered but says it is not ready (see `readiness` for which part)
 * - `unreachable`: no usable answer (network error, timeout, proxy error, unexpected body)
 */
export type HealthState = 'unknown' | 'ready' | 'degraded' | 'unreachable'

/** Why the last check found the server unreachable. */
export type HealthProblem =
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'http'; status: number }
  | { kind: 'network'; message: string }
  | { kind: 'body' }

export interface UseHealthOptions {
  /** @default '/readyz' */
  url?: string
  /** @default 10_000 */
  intervalMs?: MaybeRefOrGetter<number>
  /** A check that takes longer is abandoned and counts as unreachable. @default 5_000 */
  timeoutMs?: number
  /** Start checking at once. @default true */
  immediate?: boolean
  /** Injected for tests. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
  /** Clock for `checkedAt`, injected for tests. @default Date.now */
  now?: () => number
}

export interface UseHealthReturn {
  state: Readonly<ShallowRef<HealthState>>
  /** The last readiness body received (kept while later checks fail, so the UI can say "last seen"). */
  readiness: Readonly<ShallowRef<Readiness | null>>
  /** Why the last check was unreachable; `null` after a check that got an answer. */
  problem: Readonly<ShallowRef<HealthProblem | null>>
  /** Epoch milliseconds when the last check finished (any outcome). */
  checkedAt: Readonly<ShallowRef<number | null>>
  isActive: Readonly<ShallowRef<boolean>>
  isPending: Readonly<ShallowRef<boolean>>
  pause: () => void
  resume: () => void
  /** Check now (joins a check already in flight). */
  refresh: () => Promise<void>
}

function isReadiness(value: unknown): value is Readiness {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.status === 'string' && typeof v.postgres === 'string' && typeof v.redis === 'string'
}

/**
 * Poll the server's readiness endpoint (`/readyz`) and expose the system status.
 *
 * A 503 with a readiness body is an answer (`degraded`), not a failure; anything else that is not
 * a 200 readiness body is `unreachable`. Stops when the calling scope is disposed.
 *
 * @example
 * const { state, readiness, checkedAt } = useHealth({ intervalMs: 10_000 })
 */
export function useHealth(options: UseHealthOptions = {}): UseHealthReturn {
  const {
    url = '/readyz',
    intervalMs = 10_000,
    timeoutMs = 5_000,
    immediate = true,
    fetch: fetchFn = globalThis.fetch?.bind(globalThis),
    now = Date.now,
  } = options

  const state = shallowRef<HealthState>('unknown')
  const readiness = shallowRef<Readiness | null>(null)
  const problem = shallowRef<HealthProblem | null>(null)
  const checkedAt = shallowRef<number | null>(null)

  function settle(next: HealthState, body: Readiness | null, why: HealthProblem | null) {
    state.value = next
    if (body) readiness.value = body
    problem.value = why
    checkedAt.value = now()
  }

  async function check(signal: AbortSignal): Promise<void> {
    // One controller per check: aborted by pause/dispose (signal) or by our own timeout.
    const ctrl = new AbortController()
    const onAbort = () => ctrl.abort()
    signal.addEventListener('abort', onAbort, { once: true })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      ctrl.abort()
    }, timeoutMs)
    try {
      if (!fetchFn) throw new Error('fetch is not available')
      const res = await fetchFn(url, { signal: ctrl.signal, headers: { accept: 'application/json' }, cache: 'no-store' })
      let body: unknown = null
      try {
        body = await res.json()
      } catch {
        body = null
      }
      if (signal.aborted) return
      if (timedOut) {
        settle('unreachable', null, { kind: 'timeout', afterMs: timeoutMs })
        return
      }
      if ((res.status === 200 || res.status === 503) && isReadiness(body)) {
        settle(body.status === 'ready' && res.status === 200 ? 'ready' : 'degraded', body, null)
      } else if (res.status === 200) {
        settle('unreachable', null, { kind: 'body' })
      } else {
        settle('unreachable', null, { kind: 'http', status: res.status })
      }
    } catch (e) {
      if (signal.aborted) return // paused or disposed: not a result
      if (timedOut) settle('unreachable', null, { kind: 'timeout', afterMs: timeoutMs })
      else settle('unreachable', null, { kind: 'network', message: e instanceof Error ? e.message : String(e) })
    } finally {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
    }
  }

  const polling = usePolling(check, { intervalMs, immediate })

  return {
    state: readonly(state),
    readiness: readonly(readiness),
    problem: readonly(problem),
    checkedAt: readonly(checkedAt),
    isActive: polling.isActive,
    isPending: polling.isPending,
    pause: polling.pause,
    resume: polling.resume,
    refresh: polling.trigger,
  }
}
