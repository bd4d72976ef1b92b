import { ref, type Ref } from 'vue'
import { ApiError } from '../api/client.ts'
import { useI18n } from '../i18n/index.ts'

/**
 * A form's submit: `busy` while it runs, the localized error when it fails (the form keeps what was
 * typed), nothing when it succeeds — what happens then is the action's own.
 */
export function useSubmit(action: () => Promise<void>): { busy: Ref<boolean>; error: Ref<string | null>; submit: () => Promise<void> } {
  const { locale } = useI18n()
  const busy = ref(false)
  const error = ref<string | null>(null)
  async function submit() {
    busy.value = true
    error.value = null
    try {
      await action()
    } catch (err) {
      error.value = err instanceof ApiError ? err.localized(locale.value) : String(err)
    } finally {
      busy.value = false
    }
  }
  return { busy, error, submit }
}
