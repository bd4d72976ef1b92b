import type { Messages } from './i18n/index.ts'

/** The six surfaces of PRODUCT.md, keyed like their texts in the i18n catalogues. */
export type SurfaceId = keyof Messages['surfaces']

export interface Surface {
  id: SurfaceId
  /** Route path; the server falls back to index.html for it and its sub-paths. */
  path: string
  /** Uses Element Plus (registered lazily on first visit, see plugins/elementPlus.ts). */
  elementPlus: boolean
}

/** In the order of PRODUCT.md's "Users and their surfaces". */
export const SURFACES: readonly Surface[] = [
  { id: 'wall', path: '/wall', elementPlus: false },
  { id: 'console', path: '/console', elementPlus: true },
  { id: 'm', path: '/m', elementPlus: false },
  { id: 'public', path: '/public', elementPlus: false },
  { id: 'window', path: '/window', elementPlus: true },
  { id: 'admin', path: '/admin', elementPlus: true },
]
