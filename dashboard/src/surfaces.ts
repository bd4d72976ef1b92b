import type { Messages } from './i18n/index.ts'

/** The six surfaces of PRODUCT.md, keyed like their texts in the i18n catalogues. */
export type SurfaceId = keyof Messages['surfaces']

export interface Surface {
  id: SurfaceId
  /** Route path; the server falls back to index.html for it and its sub-paths. */
  path: string
  /** Uses Element Plus (registered lazily on first visit, see plugins/elementPlus.ts). */
  elementPlus: boolean
  /** `available`: a working surface; `underConstruction`: its page says 建设中 and shows no data. */
  status: 'available' | 'underConstruction'
}

/** In the order of PRODUCT.md's "Users and their surfaces". */
export const SURFACES: readonly Surface[] = [
  { id: 'wall', path: '/wall', elementPlus: false, status: 'available' },
  { id: 'console', path: '/console', elementPlus: true, status: 'available' },
  { id: 'm', path: '/m', elementPlus: false, status: 'available' },
  { id: 'public', path: '/public', elementPlus: false, status: 'underConstruction' },
  { id: 'window', path: '/window', elementPlus: true, status: 'available' },
  { id: 'admin', path: '/admin', elementPlus: true, status: 'available' },
]
