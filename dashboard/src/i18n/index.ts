/**
 * A tiny typed i18n: one catalogue type for both languages, a persisted locale, and `t(key, params)`.
 *
 * - `t('status.checkedAt', { time })` looks up a string by its dot path (checked at compile time)
 *   and fills `{name}` placeholders. A placeholder without a value stays visible as `{name}`.
 * - `messages` is the catalogue of the current locale, for lists (e.g. a surface's features).
 * - The choice is stored in localStorage under `dashboard:locale`; an unknown stored value falls
 *   back to zh-CN.
 * - Loaded in parts (namespaces.ts): the zh-CN core is in the entry; a surface's namespaces are
 *   loaded by the router's guard before its route renders (`loadMessages(route meta.messages)`),
 *   English when it is chosen (the texts of every namespace loaded so far, and of later ones).
 *   Until a language's part has arrived the other language's stands in, so switching never shows
 *   keys. A key whose namespace nobody loaded shows as the key and starts loading it: the page
 *   re-renders when it arrives.
 */
import { computed, shallowRef, watch, type ComputedRef, type WritableComputedRef } from 'vue'
import { createGlobalState, useLocalStorage } from '@vueuse/core'
import { zhCN, type Messages } from './zh-CN.ts'
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from './locales.ts'
import { CORE_LOADERS, isNamespace, NAMESPACE_LOADERS, NAMESPACES, type Namespace } from './namespaces.ts'

export type { Messages, CoreMessages, NamespaceMessages } from './zh-CN.ts'
export type { Namespace } from './namespaces.ts'
export { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from './locales.ts'
export const LOCALE_STORAGE_KEY = 'dashboard:locale'

/** Dot paths of the string leaves of T: 'app.name' | 'status.states.ready' | … */
export type MessageKey<T = Messages> = {
  [K in keyof T & string]: T[K] extends string ? K : T[K] extends readonly unknown[] ? never : `${K}.${MessageKey<T[K]>}`
}[keyof T & string]

export type MessageParams = Readonly<Record<string, string | number>>

/** Look up `key` in `messages` and fill its placeholders. Pure; used by `useI18n().t`. */
export function translate(messages: Messages, key: MessageKey, params?: MessageParams): string {
  let node: unknown = messages
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  // The type makes a miss impossible at compile time; show the key rather than nothing at run time.
  if (typeof node !== 'string') return key
  if (!params) return node
  return node.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** The parts of the catalogue that have arrived, per language (replaced, never mutated: a shallow ref). */
const loaded = shallowRef<Readonly<Record<Locale, Partial<Messages>>>>({ 'zh-CN': { ...zhCN }, en: {} })
/** Namespaces some route or text asked for: a language chosen later loads them too. */
const wanted = new Set<Namespace>()
const inFlight = new Map<string, Promise<void>>()

function store(locale: Locale, part: Partial<Messages>): void {
  loaded.value = { ...loaded.value, [locale]: { ...loaded.value[locale], ...part } }
}

function loadPart(locale: Locale, part: Namespace | 'core'): Promise<void> {
  const have = loaded.value[locale]
  if (part === 'core' ? 'app' in have : part in have) return Promise.resolve()
  const id = `${locale}:${part}`
  let p = inFlight.get(id)
  if (!p) {
    p = (part === 'core'
      ? CORE_LOADERS[locale]().then((texts) => store(locale, texts))
      : NAMESPACE_LOADERS[part][locale]().then((texts) => store(locale, { [part]: texts }))
    ).finally(() => inFlight.delete(id)) // a failed chunk is fetched again next time
    inFlight.set(id, p)
  }
  return p
}

const useLocaleState = createGlobalState(() => {
  const stored = useLocalStorage<string>(LOCALE_STORAGE_KEY, DEFAULT_LOCALE, { listenToStorageChanges: true })
  // a new language: its core and every namespace in use (until they arrive the other language stands in)
  watch(stored, (value) => {
    if (isLocale(value)) void loadMessages([...wanted], value).catch(() => {})
  })
  return stored
})

function currentLocale(): Locale {
  const stored = useLocaleState().value
  return isLocale(stored) ? stored : DEFAULT_LOCALE
}

/**
 * Loads the core texts and `namespaces` in `locale` (default: the current one), and remembers the
 * namespaces so that switching language loads them in the new one. Resolves once all are in the
 * catalogue; rejects when a chunk could not be fetched (asking again retries it).
 */
export async function loadMessages(namespaces: readonly Namespace[], locale: Locale = currentLocale()): Promise<void> {
  for (const n of namespaces) wanted.add(n)
  await Promise.all([loadPart(locale, 'core'), ...namespaces.map((n) => loadPart(locale, n))])
}

/** The whole catalogue of `locale`, every namespace (for tests and checks; pages use `useI18n`). */
export async function loadCatalogue(locale: Locale): Promise<Messages> {
  const [core, ...parts] = await Promise.all([CORE_LOADERS[locale](), ...NAMESPACES.map((n) => NAMESPACE_LOADERS[n][locale]())])
  return { ...core, ...Object.fromEntries(NAMESPACES.map((n, i) => [n, parts[i]])) } as Messages
}

export interface UseI18nReturn {
  /** The current locale; assign to switch (persisted; its texts follow when loaded). */
  locale: WritableComputedRef<Locale>
  /** The catalogue of the current locale (the namespaces of the routes visited so far). */
  messages: ComputedRef<Messages>
  t: (key: MessageKey, params?: MessageParams) => string
  locales: readonly Locale[]
}

export function useI18n(): UseI18nReturn {
  const stored = useLocaleState()
  const locale = computed<Locale>({
    get: () => (isLocale(stored.value) ? stored.value : DEFAULT_LOCALE),
    set: (value) => {
      stored.value = value
    },
  })
  // the current language's parts over the other's: a part still on its way shows in the other language
  const messages = computed(() => {
    const all = loaded.value
    const other = locale.value === 'en' ? all['zh-CN'] : all.en
    return { ...other, ...all[locale.value] } as Messages
  })
  const t = (key: MessageKey, params?: MessageParams) => {
    const m = messages.value
    const namespace = key.slice(0, key.indexOf('.'))
    if (!(namespace in m) && isNamespace(namespace)) void loadMessages([namespace]).catch(() => {})
    return translate(m, key, params)
  }
  return { locale, messages, t, locales: LOCALES }
}

/**
 * Texts a feature keeps with itself instead of in the catalogue (the public site): the Chinese ones
 * in its own chunk, the English ones fetched the first time English is shown (until they arrive the
 * Chinese ones stand in). Returns the feature's composable: its texts in the current locale.
 */
export function lazyTexts<T>(zh: T, loadEn: () => Promise<T>): () => { texts: ComputedRef<T>; locale: WritableComputedRef<Locale> } {
  const en = shallowRef<T | null>(null)
  let pending: Promise<void> | null = null
  const load = () => {
    pending ??= loadEn().then(
      (texts) => {
        en.value = texts
      },
      () => {
        pending = null // fetched again the next time
      },
    )
  }
  return () => {
    const { locale } = useI18n()
    const texts = computed(() => {
      if (locale.value !== 'en') return zh
      if (en.value) return en.value
      load()
      return zh
    })
    return { texts, locale }
  }
}
