/**
 * The rows of a statistics XLSX sheet: a title, the filter the numbers were read with (one
 * "name: value" line each), a blank line, the header and the table. Pure; the server writes them
 * with exceljs.
 */
export interface SheetInput {
  readonly title: string
  /** the filter, as label → value (in the sheet's language) */
  readonly filter: readonly (readonly [string, string])[]
  readonly header: readonly string[]
  readonly rows: readonly (readonly (string | number | null)[])[]
}

export function sheetRows(s: SheetInput): (string | number | null)[][] {
  return [[s.title], ...s.filter.map(([k, v]) => [k, v]), [], [...s.header], ...s.rows.map((r) => [...r])]
}
