import type { Messages } from './i18n/index.ts'
import { SURFACES as REGISTRY, type LandingSurfaceKey } from '../../domain/contracts/surfaces.ts'

/** The surfaces with a card on the landing page, keyed like their texts in the i18n catalogues. */
export type SurfaceId = keyof Messages['surfaces']

// The registry's landing cards and the catalogues' `surfaces` are the same set (checked by the compiler).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameCards: Same<SurfaceId, LandingSurfaceKey> = true
void sameCards

export interface Surface {
  id: SurfaceId
  /** Route path; the server falls back to index.html for it and its sub-paths. */
  path: string
  /** Uses Element Plus (registered lazily on first visit, see plugins/elementPlus.ts). */
  elementPlus: boolean
  /** `available`: a working surface; `underConstruction`: its page says 建设中 and shows no data. */
  status: 'available' | 'underConstruction'
}

/** The landing page's cards: the registry's entries that have one (domain/contracts/surfaces.ts), in its order. */
export const SURFACES: readonly Surface[] = REGISTRY.flatMap((s) => (s.landing ? [{ id: s.id, path: s.path, elementPlus: s.elementPlus, status: s.landing }] : []))
