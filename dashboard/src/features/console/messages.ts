/** Texts of the console surface (merged into the catalogues as `console`). Add zh first; en must match. */
export const zh = {}
export const en: typeof zh = {}
