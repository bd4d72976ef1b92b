/**
 * One screen's data from /api/v1/mobile/* (or another GET): sent with If-None-Match (304 keeps
 * what is shown), kept in localStorage with its time so a phone without network still shows the
 * last data — marked stale with that time (useMobileLive's freshness). A response the service
 * worker served from its cache (header `x-sw-cached-at`) counts as a failed read of that age.
 * Re-reads whenever the live side asks (`tick`), one read at a time: asks that come while a read
 * runs make one more read after it (a red card brings its notification and a `mobile/refresh`
 * together — one re-read, not two at once, from every phone).
 */
import { shallowRef, ref, watch, toValue, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import { withQuery, ApiError, type QueryValue } from '../../api/client.ts'
import { useMobileLive } from './useMobileLive.ts'

interface Stored<T> { at: number; etag: string | null; body: T }
const KEY = 'm:data:'

/**
 * Data the page itself preloads (`<link rel="preload" as="fetch">`: m-home.html preloads the
 * overview's). Its first read goes without If-None-Match — the same request as the preload, so the
 * browser answers it with the preloaded response instead of asking again.
 */
const preloaded = new Set(typeof document === 'undefined' ? [] : Array.from(document.querySelectorAll('link[rel="preload"][as="fetch"]'), (l) => l.getAttribute('href')))

/**
 * Answers the server put into the page with its pre-rendered screen (server/mobile/prerender.ts:
 * `<script type="application/json" data-prerendered-data>`, `{ url, at, body }`): the first read of
 * that URL shows it at once, dated `at` (never live), while the request goes out as before.
 */
interface Seed { url: string; at: number; body: unknown }
const seeds = new Map<string, Seed>()
if (typeof document !== 'undefined') {
  for (const el of Array.from(document.querySelectorAll('script[type="application/json"][data-prerendered-data]'))) {
    try {
      const seed = JSON.parse(el.textContent ?? '') as Seed
      if (typeof seed.url === 'string' && typeof seed.at === 'number') seeds.set(seed.url, seed)
    } catch {
      /* not ours or cut short: the read fetches it */
    }
  }
}

function readStored<T>(url: string): Stored<T> | null {
  try {
    const raw = localStorage.getItem(KEY + url)
    return raw ? (JSON.parse(raw) as Stored<T>) : null
  } catch {
    return null
  }
}
/**
 * Keeps the offline copy, in a task of its own: a page's first localStorage write waits for the
 * browser to open the origin's storage (≈ 14 ms of the main thread here, profiled at load), which
 * should not lengthen the task that draws the answer. Writes keep their order (one queue).
 */
function store<T>(url: string, s: Stored<T>): void {
  setTimeout(() => {
    try {
      localStorage.setItem(KEY + url, JSON.stringify(s))
    } catch {
      /* storage full or disabled: the page still works, without the offline copy */
    }
  }, 0)
}

export interface MobileResource<T> {
  data: ShallowRef<T | null>
  error: Ref<ApiError | null>
  loading: Ref<boolean>
  reload(): Promise<void>
}

export function useMobileResource<T>(path: MaybeRefOrGetter<string>, query?: MaybeRefOrGetter<Readonly<Record<string, QueryValue>>>): MobileResource<T> {
  const live = useMobileLive()
  const data = shallowRef<T | null>(null)
  const error = ref<ApiError | null>(null)
  const loading = ref(false)
  const url = () => withQuery(toValue(path), query ? toValue(query) : undefined)
  /** What `data` holds now: a re-read that answers the same version leaves it (no re-render). */
  let shown: { url: string; etag: string | null } | null = null
  const show = (u: string, etag: string | null, body: T) => {
    if (shown && shown.url === u && etag !== null && shown.etag === etag && data.value !== null) return
    data.value = body
    shown = { url: u, etag }
  }

  let reading: Promise<void> | null = null
  let again = false
  function reload(): Promise<void> {
    if (reading) {
      again = true
      return reading
    }
    reading = read().finally(() => {
      reading = null
      if (again) {
        again = false
        void reload()
      }
    })
    return reading
  }

  async function read() {
    const u = url()
    const cached = readStored<T>(u)
    const seed = seeds.get(u)
    seeds.delete(u) // (only the first read)
    if (data.value === null && seed && (!cached || cached.at <= seed.at)) {
      show(u, null, seed.body as T)
      live.dataAt.value = seed.at
    } else if (data.value === null && cached) {
      show(u, cached.etag, cached.body)
      live.dataAt.value = cached.at
    }
    loading.value = true
    try {
      const headers: Record<string, string> = { accept: 'application/json' }
      const preload = preloaded.delete(u) // (only the first read)
      if (cached?.etag && !preload) headers['if-none-match'] = cached.etag
      const res = await fetch(u, { headers, credentials: 'same-origin' })
      const swAt = res.headers.get('x-sw-cached-at')
      if (res.status === 304 && cached) {
        show(u, cached.etag, cached.body)
        store(u, { ...cached, at: Date.now() })
        live.dataAt.value = Date.now()
        live.failing.value = false
      } else if (res.ok) {
        const body = (await res.json()) as T
        const etag = res.headers.get('etag')
        show(u, swAt ? null : etag, body)
        error.value = null
        const at = swAt ? Number(swAt) : Date.now()
        if (!swAt) store(u, { at, etag, body })
        live.dataAt.value = at
        live.failing.value = swAt !== null
      } else {
        const b = (await res.json().catch(() => ({}))) as { code?: string; message?: string; messageEn?: string }
        error.value = new ApiError(res.status, { code: b.code ?? `HTTP_${res.status}`, message: b.message ?? `HTTP ${res.status}`, messageEn: b.messageEn ?? `HTTP ${res.status}` })
        if (res.status === 401) window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`)
      }
    } catch {
      live.failing.value = true // network down: keep what is shown, marked stale
    } finally {
      loading.value = false
    }
  }

  watch([url, live.tick], () => void reload(), { immediate: true })
  return { data, error, loading, reload }
}
