import { getCurrentInstance, onMounted, ref, shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { ApiError } from '../../api/client.ts'
import { useI18n } from '../../i18n/index.ts'

export interface Page<T> {
  items: T[]
  total: number
}

/**
 * A page of a department's list (cases, petitions): loads on mount, again when a filter changes
 * (back to the first page) or the page does, and keeps the error as a localized text. Outside a
 * component (tests) it loads at once.
 */
export function usePagedList<T>(fetch: (limit: number, offset: number) => Promise<Page<T>>, filters: WatchSource[], pageSize = 20) {
  const { locale } = useI18n()
  const rows = shallowRef<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function load() {
    loading.value = true
    error.value = null
    try {
      const res = await fetch(pageSize, (page.value - 1) * pageSize)
      rows.value = res.items
      total.value = res.total
    } catch (e) {
      error.value = e instanceof ApiError ? e.localized(locale.value) : String(e)
    } finally {
      loading.value = false
    }
  }

  watch(filters, () => {
    page.value = 1
    void load()
  })
  watch(page, () => void load())
  if (getCurrentInstance()) onMounted(load)
  else void load()

  return { rows, total, page, pageSize, loading, error, load }
}
