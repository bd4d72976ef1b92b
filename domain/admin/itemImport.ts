/**
 * The item catalogue's spreadsheet (事项目录 XLSX): its columns, and the check of imported rows.
 * Pure: the server reads the workbook into plain cell values and passes the known departments;
 * the same columns are written by the export, so an exported file imports unchanged.
 */
import { CASE_TYPES, LIMIT_UNITS, type AdminItem, type ItemFieldChange } from '../contracts/api/admin.ts'

export type CellValue = string | number | boolean | null

/** The columns in order: the key (English, also in the header after '/') and the Chinese header. */
export const ITEM_COLUMNS = [
  { key: 'code', zh: '事项编码' },
  { key: 'name', zh: '事项名称' },
  { key: 'departmentCode', zh: '部门编码' },
  { key: 'caseType', zh: '办件类型' },
  { key: 'legalLimit', zh: '法定时限' },
  { key: 'legalUnit', zh: '法定时限单位' },
  { key: 'promisedLimit', zh: '承诺时限' },
  { key: 'promisedUnit', zh: '承诺时限单位' },
  { key: 'feeStandard', zh: '收费标准（元）' },
  { key: 'active', zh: '启用' },
] as const satisfies readonly { key: keyof AdminItem; zh: string }[]

export type ItemColumn = (typeof ITEM_COLUMNS)[number]['key']

/** Header text of a column: `事项编码 / code`. */
export const columnHeader = (c: (typeof ITEM_COLUMNS)[number]): string => `${c.zh} / ${c.key}`

const CASE_TYPE_ZH: Record<string, AdminItem['caseType']> = { 即办件: 'immediate', 承诺件: 'promised', 联办件: 'joint', 上报件: 'escalated', 退回件: 'returned', 补正件: 'supplemented' }
const UNIT_ZH: Record<string, AdminItem['legalUnit']> = { 工作日: 'workday', 自然日: 'day' }
const TRUE = new Set(['true', '1', '是', 'yes', 'y', '启用'])
const FALSE = new Set(['false', '0', '否', 'no', 'n', '停用'])
const CODE = /^[A-Za-z0-9_.-]{1,64}$/

export interface RowError {
  /** Row number in the sheet (1 is the header). */
  row: number
  column: ItemColumn | 'header'
  reason: string
  reasonEn: string
}

export interface CheckedRows {
  items: AdminItem[]
  errors: RowError[]
}

const text = (v: CellValue): string => (v === null ? '' : String(v).trim())

/** Which column each key is in, from the header row; errors for missing columns. */
export function mapHeader(header: readonly CellValue[]): { index: Map<ItemColumn, number>; errors: RowError[] } {
  const index = new Map<ItemColumn, number>()
  header.forEach((cell, i) => {
    const t = text(cell)
    const key = t.includes('/') ? t.slice(t.lastIndexOf('/') + 1).trim() : t
    const col = ITEM_COLUMNS.find((c) => c.key === key || c.zh === t || c.zh === key)
    if (col && !index.has(col.key)) index.set(col.key, i)
  })
  const errors: RowError[] = ITEM_COLUMNS.filter((c) => !index.has(c.key)).map((c) => ({ row: 1, column: 'header', reason: `缺少“${c.zh}”列`, reasonEn: `Column "${c.key}" is missing` }))
  return { index, errors }
}

type Parsed<T> = { ok: true; value: T } | { ok: false; zh: string; en: string }

function limit(v: CellValue): Parsed<number | null> {
  const t = text(v)
  if (t === '') return { ok: true, value: null }
  const n = Number(t)
  return Number.isInteger(n) && n >= 0 && n <= 3650 ? { ok: true, value: n } : { ok: false, zh: `时限“${t}”须为 0 至 3650 的整数或留空`, en: `Limit "${t}" must be a whole number from 0 to 3650, or empty` }
}

function unit(v: CellValue): Parsed<AdminItem['legalUnit']> {
  const t = text(v)
  if (t === '') return { ok: true, value: 'workday' }
  const u = UNIT_ZH[t] ?? ((LIMIT_UNITS as readonly string[]).includes(t) ? (t as AdminItem['legalUnit']) : undefined)
  return u ? { ok: true, value: u } : { ok: false, zh: `时限单位“${t}”无效（工作日 workday 或 自然日 day）`, en: `Unit "${t}" is not workday or day` }
}

function oneRow(cells: readonly CellValue[], index: Map<ItemColumn, number>, rowNo: number, departments: ReadonlyMap<string, boolean>): { item: AdminItem | null; errors: RowError[] } {
  const errors: RowError[] = []
  const cell = (k: ItemColumn) => cells[index.get(k)!] ?? null
  const fail = (column: ItemColumn, zh: string, en: string) => errors.push({ row: rowNo, column, reason: zh, reasonEn: en })
  const code = text(cell('code'))
  if (!CODE.test(code)) fail('code', `事项编码“${code}”无效（1–64 位字母、数字、_ . -）`, `Item code "${code}" is invalid (1–64 letters, digits, _ . -)`)
  const name = text(cell('name'))
  if (!name || name.length > 200) fail('name', '事项名称不能为空，且不超过 200 字', 'The name is required (at most 200 characters)')
  const dept = text(cell('departmentCode'))
  if (!departments.has(dept)) fail('departmentCode', `部门编码“${dept}”不存在`, `Unknown department code "${dept}"`)
  else if (!departments.get(dept)) fail('departmentCode', `部门“${dept}”已停用`, `Department "${dept}" is inactive`)
  const ct = text(cell('caseType'))
  const caseType = CASE_TYPE_ZH[ct] ?? ((CASE_TYPES as readonly string[]).includes(ct) ? (ct as AdminItem['caseType']) : undefined)
  if (!caseType) fail('caseType', `办件类型“${ct}”无效（即办件、承诺件、联办件、上报件、退回件、补正件）`, `Case type "${ct}" is invalid (${CASE_TYPES.join(', ')})`)
  const legal = limit(cell('legalLimit'))
  if (!legal.ok) fail('legalLimit', legal.zh, legal.en)
  const promised = limit(cell('promisedLimit'))
  if (!promised.ok) fail('promisedLimit', promised.zh, promised.en)
  const legalUnit = unit(cell('legalUnit'))
  if (!legalUnit.ok) fail('legalUnit', legalUnit.zh, legalUnit.en)
  const promisedUnit = unit(cell('promisedUnit'))
  if (!promisedUnit.ok) fail('promisedUnit', promisedUnit.zh, promisedUnit.en)
  if (legal.ok && promised.ok && legalUnit.ok && promisedUnit.ok && legal.value !== null && promised.value !== null && legalUnit.value === promisedUnit.value && promised.value > legal.value) {
    fail('promisedLimit', `承诺时限（${promised.value}）不能长于法定时限（${legal.value}）`, `The promised limit (${promised.value}) exceeds the legal limit (${legal.value})`)
  }
  const feeText = text(cell('feeStandard'))
  const fee = feeText === '' ? 0 : Number(feeText)
  if (!Number.isFinite(fee) || fee < 0 || fee > 1e9 || Math.round(fee * 100) !== fee * 100) fail('feeStandard', `收费标准“${feeText}”须为不小于 0 的金额（最多两位小数）`, `Fee "${feeText}" must be an amount ≥ 0 with at most two decimals`)
  const act = text(cell('active')).toLowerCase()
  const active = act === '' || TRUE.has(act) ? true : FALSE.has(act) ? false : null
  if (active === null) fail('active', `启用“${act}”须为 是 或 否`, `Active "${act}" must be yes or no`)
  if (errors.length > 0 || !caseType || !legal.ok || !promised.ok || !legalUnit.ok || !promisedUnit.ok || active === null) return { item: null, errors }
  return { item: { code, name, departmentCode: dept, caseType, legalLimit: legal.value, legalUnit: legalUnit.value, promisedLimit: promised.value, promisedUnit: promisedUnit.value, feeStandard: fee, active }, errors }
}

/**
 * Checks every data row (rows after the header; wholly empty rows are skipped). A code that appears
 * twice is an error on its second row. At most `maxRows` data rows.
 *
 * @param departments - every department code and whether it is active
 */
export function checkItemRows(sheet: readonly (readonly CellValue[])[], departments: ReadonlyMap<string, boolean>, maxRows = 5000): CheckedRows {
  const [header = [], ...rows] = sheet
  const { index, errors } = mapHeader(header)
  if (errors.length > 0) return { items: [], errors }
  const items: AdminItem[] = []
  const seen = new Map<string, number>()
  let dataRows = 0
  rows.forEach((cells, i) => {
    const rowNo = i + 2
    if (cells.every((c) => text(c) === '')) return
    dataRows++
    if (dataRows > maxRows) {
      if (dataRows === maxRows + 1) errors.push({ row: rowNo, column: 'header', reason: `一次最多导入 ${maxRows} 行`, reasonEn: `At most ${maxRows} rows per import` })
      return
    }
    const r = oneRow(cells, index, rowNo, departments)
    errors.push(...r.errors)
    if (!r.item) return
    const first = seen.get(r.item.code)
    if (first !== undefined) errors.push({ row: rowNo, column: 'code', reason: `事项编码“${r.item.code}”与第 ${first} 行重复`, reasonEn: `Item code "${r.item.code}" repeats row ${first}` })
    else {
      seen.set(r.item.code, rowNo)
      items.push(r.item)
    }
  })
  if (dataRows === 0 && errors.length === 0) errors.push({ row: 2, column: 'header', reason: '表中没有数据行', reasonEn: 'The sheet has no data rows' })
  return { items, errors }
}

/** Whether two items differ in any edited field. */
export function itemChanged(a: AdminItem, b: AdminItem): boolean {
  return ITEM_COLUMNS.some((c) => a[c.key] !== b[c.key])
}

/** The fields an import changes on existing items, item by item, at most `max` of them. */
export function fieldChanges(pairs: readonly { before: AdminItem; after: AdminItem }[], max = 500): ItemFieldChange[] {
  const out: ItemFieldChange[] = []
  for (const { before, after } of pairs) {
    for (const c of ITEM_COLUMNS) {
      if (before[c.key] === after[c.key]) continue
      if (out.length >= max) return out
      out.push({ code: after.code, field: c.key, before: before[c.key], after: after[c.key] })
    }
  }
  return out
}
