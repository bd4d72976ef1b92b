import type { LevelScheme } from './types.ts'

/**
 * The default level scheme (PRODUCT.md): warning from 00:00 of the deadline day, yellow card from
 * 00:00 of the 1st working day after it, red card from 00:00 of the 5th working day after it.
 */
export const DEFAULT_LEVEL_SCHEME: LevelScheme = Object.freeze({
  warning: Object.freeze({ offset: 0 }),
  yellow: 1,
  red: 5,
})
