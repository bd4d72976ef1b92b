/**
 * The item catalogue as an XLSX workbook: read an uploaded one into plain cell values (the checks
 * are domain/admin/itemImport.ts), write the catalogue with the same columns.
 * exceljs is loaded on first use (see case-export.ts: it is slow to import).
 */
import type { AdminItem } from '../../domain/contracts/api/admin.ts'
import { columnHeader, ITEM_COLUMNS, type CellValue } from '../../domain/admin/itemImport.ts'
import { AppError } from '../errors.ts'

let excel: Promise<typeof import('exceljs')> | undefined
const loadExcel = () => (excel ??= import('exceljs'))
/** The module's exports (CommonJS: Node's ESM loader puts module.exports on `default`). */
async function excelJs() {
  const mod = await loadExcel()
  return (mod as { default?: typeof mod }).default ?? mod
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const MAX_ROWS = 5001

/** A cell's value as a plain scalar: rich text joined, a formula's result, a date as ISO text. */
function plain(v: unknown): CellValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown }
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('')
    if ('result' in o) return plain(o.result)
    if (typeof o.text === 'string') return o.text // a hyperlink
    if (o.error !== undefined) return String(o.error)
  }
  return String(v)
}

/** The first worksheet's rows as cell values (row 1 first). XLSX_INVALID when it is not a workbook. */
export async function readSheet(base64: string): Promise<CellValue[][]> {
  const buf = Buffer.from(base64, 'base64')
  if (buf.length < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b) throw new AppError('XLSX_INVALID', 'body/file')
  const ExcelJS = await excelJs()
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer)
  } catch {
    throw new AppError('XLSX_INVALID', 'body/file')
  }
  const ws = wb.worksheets[0]
  if (!ws) throw new AppError('XLSX_INVALID', 'body/file: no worksheet')
  if (ws.rowCount > MAX_ROWS + 1) throw new AppError('XLSX_INVALID', `body/file: at most ${MAX_ROWS - 1} rows`)
  const rows: CellValue[][] = []
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const cells: CellValue[] = []
    for (let c = 1; c <= Math.max(row.cellCount, ITEM_COLUMNS.length); c++) cells.push(plain(row.getCell(c).value))
    rows.push(cells)
  }
  return rows
}

/** The catalogue as a workbook (one sheet 事项目录, bilingual header, one item per row). */
export async function writeItems(items: readonly AdminItem[]): Promise<Buffer> {
  const ExcelJS = await excelJs()
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('事项目录')
  ws.columns = ITEM_COLUMNS.map((c) => ({ header: columnHeader(c), key: c.key, width: c.key === 'name' ? 40 : 18 }))
  ws.getRow(1).font = { bold: true }
  for (const it of items) ws.addRow({ ...it, active: it.active ? '是' : '否' })
  return Buffer.from(await wb.xlsx.writeBuffer())
}
