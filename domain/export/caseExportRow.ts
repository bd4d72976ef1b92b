import type { CaseExportRecord, ExportLocale } from './types.ts'
import { CASE_EXPORT_COLUMNS } from './_lib/columns.ts'

/**
 * One case as an export row (CSV or XLSX), matching `caseExportHeader`: labels (status, level,
 * case type, fee check) in the given language, times as `YYYY-MM-DD HH:mm` in the jurisdiction's
 * zone, numbers as numbers. The applicant is written as given: the caller masks it first for roles
 * that may not see it in clear.
 *
 * @pure
 * @param zone - IANA zone for times @default 'Asia/Shanghai'
 * @example caseExportRow({ caseNo: 'A-1', status: 'concluded', level: 'red', … }, 'zh-CN')
 * //=> ['A-1', …, '办结', '红牌', …]
 */
export function caseExportRow(r: CaseExportRecord, locale: ExportLocale, zone = 'Asia/Shanghai'): (string | number | null)[] {
  return CASE_EXPORT_COLUMNS.map((c) => c.value(r, locale, zone))
}
