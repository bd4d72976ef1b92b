import { readonly, shallowRef, type ShallowRef } from 'vue'

const simulated = shallowRef(false)
let asked: Promise<void> | null = null

/** Reads the `simulatedData` flag of a `/readyz` body (200 or 503); anything else: not simulated. */
export function simulatedDataOf(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { simulatedData?: unknown }).simulatedData === true
}

/**
 * Whether the server serves simulated data (`SIMULATED_DATA=1`, set by the demo), asked once per
 * page load from `/readyz` (public, no sign-in). The wall, the console and the window show a
 * 模拟数据 mark while it is true. Injected `fetch` for tests.
 */
export function useSimulatedData(fetchImpl: typeof globalThis.fetch = globalThis.fetch): Readonly<ShallowRef<boolean>> {
  asked ??= fetchImpl('/readyz', { headers: { accept: 'application/json' } })
    .then((res) => res.json())
    .then((body: unknown) => {
      simulated.value = simulatedDataOf(body)
    })
    .catch(() => {
      asked = null // ask again on the next mount
    })
  return readonly(simulated)
}
