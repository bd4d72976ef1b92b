import { describe, expect, it } from 'vitest'
import { caseExportHeader } from './caseExportHeader.ts'
import { caseExportRow } from './caseExportRow.ts'
import type { CaseExportRecord } from './types.ts'

const rec: CaseExportRecord = {
  caseNo: '440204-2026-000007',
  departmentCode: '440204-SCJG',
  departmentName: '市场监管局',
  itemCode: 'SCJG-001',
  itemName: '食品经营许可',
  caseType: 'promised',
  status: 'concluded',
  level: 'red',
  applicant: { name: '张*三', idNumber: '440204********1234', phone: '138****5678' },
  submittedAt: '2026-11-30T16:30:00.000Z', // 2026-12-01 00:30 in Shanghai
  acceptedAt: null,
  concludedAt: '2026-12-01T09:05:00Z',
  deadlineDate: '2026-12-10',
  handler: '李四',
  limit: { value: 10, unit: 'workday' },
  daysLeft: -2,
  feeCharged: 120,
  feeStandard: 100,
  feeFlag: 'overcharged',
  supplementCount: 1,
  suspended: false,
}

describe('caseExportHeader / caseExportRow', () => {
  it('have the same number of columns in both languages', () => {
    expect(caseExportHeader('zh-CN')).toHaveLength(caseExportRow(rec, 'zh-CN').length)
    expect(caseExportHeader('en')).toHaveLength(caseExportRow(rec, 'en').length)
  })

  it('writes labels in Chinese and local times in the zone, whatever the process zone', () => {
    const h = caseExportHeader('zh-CN')
    const row = Object.fromEntries(h.map((k, i) => [k, caseExportRow(rec, 'zh-CN')[i]]))
    expect(row['受理编号']).toBe('440204-2026-000007')
    expect(row['状态']).toBe('办结')
    expect(row['监察级别']).toBe('红牌')
    expect(row['办件类型']).toBe('承诺件')
    expect(row['申办时间']).toBe('2026-12-01 00:30')
    expect(row['办结时间']).toBe('2026-12-01 17:05')
    expect(row['受理时间']).toBeNull()
    expect(row['时限']).toBe('10 个工作日')
    expect(row['收费核查']).toBe('超标准收费')
    expect(row['实收费用（元）']).toBe(120)
    expect(row['证件号码']).toBe('440204********1234')
    expect(row['特别程序中']).toBe('否')
  })

  it('writes English labels', () => {
    const h = caseExportHeader('en')
    const row = Object.fromEntries(h.map((k, i) => [k, caseExportRow(rec, 'en')[i]]))
    expect(row['Status']).toBe('Concluded')
    expect(row['Level']).toBe('Red card')
    expect(row['Limit']).toBe('10 working days')
  })

  it('keeps unknown codes as they are and empty values empty', () => {
    const r = caseExportRow({ ...rec, status: 'somethingNew', applicant: null, departmentName: null, itemName: null, feeFlag: null }, 'zh-CN')
    const h = caseExportHeader('zh-CN')
    const row = Object.fromEntries(h.map((k, i) => [k, r[i]]))
    expect(row['状态']).toBe('somethingNew')
    expect(row['申请人']).toBeNull()
    expect(row['部门']).toBe('440204-SCJG')
    expect(row['事项']).toBe('SCJG-001')
    expect(row['收费核查']).toBeNull()
  })
})
