/**
 * Where each part of the catalogue comes from, per language, as lazy imports: the entry chunk
 * carries only the zh-CN core (zh-CN.ts); English and each surface's texts are chunks of their own,
 * fetched when a route needs them (the router's guard, from its `meta.messages`) or when English
 * is chosen. A phone opening /m thus evaluates the core and /m's Chinese texts, not the console's,
 * the administration's or the wall's, and no English.
 */
import { zhCN, type CoreMessages, type NamespaceMessages } from './zh-CN.ts'
import type { Locale } from './locales.ts'

/** A top-level key of the catalogue that is loaded with its surface. */
export type Namespace = keyof NamespaceMessages

type Loaders<T> = Readonly<Record<Locale, () => Promise<T>>>

/** The core: zh-CN is in the entry chunk (the default language draws with no wait), English is fetched. */
export const CORE_LOADERS: Loaders<CoreMessages> = {
  'zh-CN': () => Promise.resolve(zhCN),
  en: () => import('./en.ts').then((m) => m.en),
}

export const NAMESPACE_LOADERS: { readonly [N in Namespace]: Loaders<NamespaceMessages[N]> } = {
  wall: { 'zh-CN': () => import('../features/wall/messages.ts').then((m) => m.zh), en: () => import('../features/wall/messages.en.ts').then((m) => m.en) },
  console: { 'zh-CN': () => import('../features/console/messages.ts').then((m) => m.zh), en: () => import('../features/console/messages.en.ts').then((m) => m.en) },
  window: { 'zh-CN': () => import('../features/window/messages.ts').then((m) => m.zh), en: () => import('../features/window/messages.en.ts').then((m) => m.en) },
  login: { 'zh-CN': () => import('../features/login/messages.ts').then((m) => m.zh), en: () => import('../features/login/messages.en.ts').then((m) => m.en) },
  supervision: { 'zh-CN': () => import('../features/console/supervision/messages.ts').then((m) => m.zh), en: () => import('../features/console/supervision/messages.en.ts').then((m) => m.en) },
  statistics: { 'zh-CN': () => import('../features/console/statistics/messages.ts').then((m) => m.zh), en: () => import('../features/console/statistics/messages.en.ts').then((m) => m.en) },
  performance: { 'zh-CN': () => import('../features/console/performance/messages.ts').then((m) => m.zh), en: () => import('../features/console/performance/messages.en.ts').then((m) => m.en) },
  adminRules: { 'zh-CN': () => import('../features/admin/rules/messages.ts').then((m) => m.zh), en: () => import('../features/admin/rules/messages.en.ts').then((m) => m.en) },
  adminContent: { 'zh-CN': () => import('../features/admin/content/messages.ts').then((m) => m.zh), en: () => import('../features/admin/content/messages.en.ts').then((m) => m.en) },
  petitions: { 'zh-CN': () => import('../features/console/petitions/messages.ts').then((m) => m.zh), en: () => import('../features/console/petitions/messages.en.ts').then((m) => m.en) },
  windowOrders: { 'zh-CN': () => import('../features/window/orders/messages.ts').then((m) => m.zh), en: () => import('../features/window/orders/messages.en.ts').then((m) => m.en) },
  notifications: { 'zh-CN': () => import('../features/shared/notificationMessages.ts').then((m) => m.zh), en: () => import('../features/shared/notificationMessages.en.ts').then((m) => m.en) },
  admin: { 'zh-CN': () => import('../features/admin/messages.ts').then((m) => m.zh), en: () => import('../features/admin/messages.en.ts').then((m) => m.en) },
  mobile: { 'zh-CN': () => import('../features/mobile/messages.ts').then((m) => m.zh), en: () => import('../features/mobile/messages.en.ts').then((m) => m.en) },
}

export const NAMESPACES = Object.keys(NAMESPACE_LOADERS) as Namespace[]

export function isNamespace(value: string): value is Namespace {
  return Object.hasOwn(NAMESPACE_LOADERS, value)
}
