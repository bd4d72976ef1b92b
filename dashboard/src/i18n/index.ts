/**
 * A tiny typed i18n: two catalogues of the same type, a persisted locale, and `t(key, params)`.
 *
 * - `t('status.checkedAt', { time })` looks up a string by its dot path (checked at compile time)
 *   and fills `{name}` placeholders. A placeholder without a value stays visible as `{name}`.
 * - `messages` is the whole catalogue of the current locale, for lists (e.g. a surface's features).
 * - The choice is stored in localStorage under `dashboard:locale`; an unknown stored value falls
 *   back to zh-CN.
 */
import { computed, type ComputedRef, type WritableComputedRef } from 'vue'
import { createGlobalState, useLocalStorage } from '@vueuse/core'
import { en } from './en.ts'
import { zhCN, type Messages } from './zh-CN.ts'

export type { Messages } from './zh-CN.ts'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'
export const LOCALE_STORAGE_KEY = 'dashboard:locale'

export const catalogues: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, en }

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

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

const useLocaleState = createGlobalState(() =>
  useLocalStorage<string>(LOCALE_STORAGE_KEY, DEFAULT_LOCALE, { listenToStorageChanges: true }),
)

export interface UseI18nReturn {
  /** The current locale; assign to switch (persisted). */
  locale: WritableComputedRef<Locale>
  /** The catalogue of the current locale. */
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
  const messages = computed(() => catalogues[locale.value])
  const t = (key: MessageKey, params?: MessageParams) => translate(messages.value, key, params)
  return { locale, messages, t, locales: LOCALES }
}
