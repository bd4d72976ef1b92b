import { describe, expect, it } from 'vitest'
import { checkItemRows, columnHeader, ITEM_COLUMNS, itemChanged, mapHeader, type CellValue } from './itemImport.ts'

const HEADER: CellValue[] = ITEM_COLUMNS.map(columnHeader)
const DEPTS = new Map([['D1', true], ['D2', false]])
const row = (over: Partial<Record<(typeof ITEM_COLUMNS)[number]['key'], CellValue>> = {}): CellValue[] => {
  const base: Record<string, CellValue> = { code: 'A-1', name: '营业执照', departmentCode: 'D1', caseType: '承诺件', legalLimit: 20, legalUnit: '工作日', promisedLimit: 5, promisedUnit: 'workday', feeStandard: 0, active: '是', ...over }
  return ITEM_COLUMNS.map((c) => base[c.key] ?? null)
}

describe('the item catalogue sheet', () => {
  it('reads a good row, Chinese and English labels alike, empty limits as none', () => {
    const { items, errors } = checkItemRows([HEADER, row(), row({ code: 'A-2', caseType: 'immediate', legalLimit: null, promisedLimit: '', legalUnit: 'day', active: '否', feeStandard: '12.50' })], DEPTS)
    expect(errors).toEqual([])
    expect(items).toEqual([
      { code: 'A-1', name: '营业执照', departmentCode: 'D1', caseType: 'promised', legalLimit: 20, legalUnit: 'workday', promisedLimit: 5, promisedUnit: 'workday', feeStandard: 0, active: true },
      { code: 'A-2', name: '营业执照', departmentCode: 'D1', caseType: 'immediate', legalLimit: null, legalUnit: 'day', promisedLimit: null, promisedUnit: 'workday', feeStandard: 12.5, active: false },
    ])
  })

  it('names row, column and reason of every problem, and skips empty rows', () => {
    const sheet = [HEADER, row(), ITEM_COLUMNS.map(() => null), row({ code: 'bad code', departmentCode: 'D2', caseType: '急件', legalLimit: -1, feeStandard: '1.234', active: 'maybe' }), row({ departmentCode: 'NONE' }), row({ code: 'A-1', name: '' }), row({ code: 'A-9', promisedLimit: 30 })]
    const { items, errors } = checkItemRows(sheet, DEPTS)
    expect(items.map((i) => i.code)).toEqual(['A-1'])
    expect(errors.map((e) => `${e.row}:${e.column}`)).toEqual(['4:code', '4:departmentCode', '4:caseType', '4:legalLimit', '4:feeStandard', '4:active', '5:departmentCode', '6:name', '7:promisedLimit'])
    expect(errors.find((e) => e.row === 4 && e.column === 'departmentCode')!.reason).toContain('已停用')
    // a duplicate code is reported on its second row
    const dup = checkItemRows([HEADER, row(), row({ name: '别名' })], DEPTS)
    expect(dup.errors).toEqual([{ row: 3, column: 'code', reason: '事项编码“A-1”与第 2 行重复', reasonEn: 'Item code "A-1" repeats row 2' }])
  })

  it('finds columns by key or Chinese header in any order, and reports missing ones', () => {
    const { index, errors } = mapHeader(['事项名称', 'code', ...HEADER.slice(2)])
    expect(errors).toEqual([])
    expect(index.get('name')).toBe(0)
    expect(index.get('code')).toBe(1)
    expect(checkItemRows([HEADER.slice(0, 8)], DEPTS).errors.map((e) => e.reasonEn)).toEqual(['Column "feeStandard" is missing', 'Column "active" is missing'])
    expect(checkItemRows([HEADER], DEPTS).errors[0]!.reasonEn).toBe('The sheet has no data rows')
  })

  it('caps the rows of one import', () => {
    const sheet = [HEADER, ...Array.from({ length: 4 }, (_, i) => row({ code: `C-${i}` }))]
    const { errors } = checkItemRows(sheet, DEPTS, 3)
    expect(errors).toEqual([{ row: 5, column: 'header', reason: '一次最多导入 3 行', reasonEn: 'At most 3 rows per import' }])
  })

  it('tells a changed item from an unchanged one', () => {
    const [a] = checkItemRows([HEADER, row()], DEPTS).items
    expect(itemChanged(a!, { ...a! })).toBe(false)
    expect(itemChanged(a!, { ...a!, feeStandard: 1 })).toBe(true)
  })
})
