/** Texts of the window surface (merged into the catalogues as `window`). Add zh first; en must match. */
export const zh = {}
export const en: typeof zh = {}
