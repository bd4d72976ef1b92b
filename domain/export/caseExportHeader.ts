import type { ExportLocale } from './types.ts'
import { CASE_EXPORT_COLUMNS } from './_lib/columns.ts'

/**
 * The header row of a case export (CSV or XLSX), in the given language; the columns match
 * `caseExportRow`.
 *
 * @pure
 * @example caseExportHeader('zh-CN')[0] //=> '受理编号'
 * @example caseExportHeader('en')[0] //=> 'Receipt number'
 */
export function caseExportHeader(locale: ExportLocale): string[] {
  return CASE_EXPORT_COLUMNS.map((c) => (locale === 'en' ? c.en : c.zh))
}
