import type { RouteRecordRaw } from 'vue-router'
import type { MessageKey } from '../../i18n/index.ts'
import type { UserRole } from '../../composables/useSession.ts'

export interface MenuEntry {
  path: string
  label: MessageKey
  order: number
}

/**
 * The menu of a surface (console, window) from its child routes' `meta.nav` — every feature's
 * route file contributes (e.g. features/window/routes.ts and features/window/orders/routes.ts) —
 * sorted by `order`, with absolute paths. A child with `meta.roles` is listed only for a user
 * holding one of them (`roles` absent: not filtered).
 */
export function buildMenu(parentPath: string, children: readonly RouteRecordRaw[], roles?: readonly UserRole[]): MenuEntry[] {
  const base = parentPath.replace(/\/$/, '')
  return children
    .filter((c) => c.meta?.nav)
    .filter((c) => !roles || !c.meta?.roles || c.meta.roles.some((r) => roles.includes(r)))
    .map((c) => ({ path: c.path === '' ? base || '/' : c.path.startsWith('/') ? c.path : `${base}/${c.path}`, label: c.meta!.nav!.label, order: c.meta!.nav!.order }))
    .sort((a, b) => a.order - b.order || a.path.localeCompare(b.path))
}

/** The menu entry a path belongs to: the longest entry path that is a prefix of it (segment-wise). */
export function activeEntry(entries: readonly MenuEntry[], path: string): string | undefined {
  let best: MenuEntry | undefined
  for (const e of entries) {
    const hit = path === e.path || path.startsWith(e.path.endsWith('/') ? e.path : `${e.path}/`)
    if (hit && (!best || e.path.length > best.path.length)) best = e
  }
  return best?.path
}
