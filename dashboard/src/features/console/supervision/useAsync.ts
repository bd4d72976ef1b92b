import { shallowRef, ref, type Ref, type ShallowRef } from 'vue'
import { ApiError } from '../../../api/client.ts'
import { useI18n } from '../../../i18n/index.ts'

/** A load-on-demand value with loading and a localized error (for the supervision pages). */
export function useAsync<T>(fn: () => Promise<T>): { data: ShallowRef<T | null>; loading: Ref<boolean>; error: Ref<string | null>; run: () => Promise<void> } {
  const { locale } = useI18n()
  const data = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  async function run() {
    loading.value = true
    error.value = null
    try {
      data.value = await fn()
    } catch (err) {
      error.value = err instanceof ApiError ? err.localized(locale.value) : String(err)
    } finally {
      loading.value = false
    }
  }
  return { data, loading, error, run }
}

/** The localized message of a failed call. */
export function errorText(err: unknown, locale: string): string {
  return err instanceof ApiError ? err.localized(locale) : String(err)
}

