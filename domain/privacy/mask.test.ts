import { describe, expect, it } from 'vitest'
import { maskIdNumber, maskName, maskPersonalData, maskPersonalDataIn, maskPhone } from './mask.ts'
import { mayUnmask } from './unmask.ts'

describe('maskName', () => {
  it.each([
    ['张小三', '张*三'],
    ['张三', '张*'],
    ['欧阳小明', '欧**明'],
    ['司马相如之', '司***之'],
    ['王', '*'],
    ['  李四  ', '李*'],
    ['', ''],
    ['John Smith', 'J********h'],
    ['𠀀𠀁𠀂', '𠀀*𠀂'], // CJK Extension B: one character each, not two UTF-16 units
  ])('%j → %j', (input, expected) => {
    expect(maskName(input)).toBe(expected)
  })
})

describe('maskIdNumber', () => {
  it.each([
    ['440204199001011234', '440204********1234'],
    ['44020419900101123X', '440204********123X'],
    ['440204900101123', '440204*****1123'],
    ['E12345678', 'E1*****78'],
    ['12345678', '12****78'],
    ['1234567', '*******'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected)
  })

  it('never leaves the birth date of a resident ID readable', () => {
    expect(maskIdNumber('440204199001011234')).not.toContain('19900101')
  })
})

describe('maskPhone', () => {
  it.each([
    ['13800005678', '138****5678'],
    ['+8613800005678', '+86*******5678'],
    ['138-0000-5678', '138******5678'],
    ['0751-8123456', '075*****3456'],
    ['8123456', '81***56'],
    ['110', '***'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected)
  })
})

describe('maskPersonalData', () => {
  it('masks each field, keeps absent ones absent and drops unknown fields', () => {
    expect(maskPersonalData({ name: '张小三', idNumber: '440204199001011234', phone: '13800005678' })).toEqual({
      name: '张*三',
      idNumber: '440204********1234',
      phone: '138****5678',
    })
    expect(maskPersonalData({ name: '周九', phone: '13900001111' })).toEqual({ name: '周*', phone: '139****1111' })
    const withExtra = { name: '周九', address: '浈江区某路1号' } as unknown as Parameters<typeof maskPersonalData>[0]
    expect(maskPersonalData(withExtra)).toEqual({ name: '周*' })
    expect(maskPersonalData(null)).toBeNull()
    expect(maskPersonalData(undefined)).toBeNull()
  })

  it('does not mutate its input', () => {
    const p = { name: '张小三', phone: '13800005678' }
    maskPersonalData(p)
    expect(p).toEqual({ name: '张小三', phone: '13800005678' })
  })
})

describe('maskPersonalDataIn', () => {
  it('masks applicant and citizen members at any depth and copies the rest', () => {
    const state = {
      caseNo: 'C-1',
      applicant: { name: '张小三', idNumber: '440204199001011234', phone: '13800005678' },
      stages: [{ stage: 'accepted', handler: '李四' }],
      history: [{ citizen: { name: '周九', phone: '13900001111' } }],
    }
    const masked = maskPersonalDataIn(state)
    expect(masked).toEqual({
      caseNo: 'C-1',
      applicant: { name: '张*三', idNumber: '440204********1234', phone: '138****5678' },
      stages: [{ stage: 'accepted', handler: '李四' }],
      history: [{ citizen: { name: '周*', phone: '139****1111' } }],
    })
    expect(JSON.stringify(masked)).not.toMatch(/440204199001011234|13800005678|13900001111|张小三/)
    expect(state.applicant.name).toBe('张小三')
  })

  it('passes null applicants and non-objects through', () => {
    expect(maskPersonalDataIn({ applicant: null })).toEqual({ applicant: null })
    expect(maskPersonalDataIn(null)).toBeNull()
    expect(maskPersonalDataIn('x')).toBe('x')
  })
})

describe('mayUnmask', () => {
  it('allows supervisors and admins only', () => {
    expect(mayUnmask(['supervisor'])).toBe(true)
    expect(mayUnmask(['admin'])).toBe(true)
    expect(mayUnmask(['leader', 'department_head', 'department_staff', 'display'])).toBe(false)
    expect(mayUnmask([])).toBe(false)
  })
})
