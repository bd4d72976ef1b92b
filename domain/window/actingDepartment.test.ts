import { describe, expect, it } from 'vitest'
import { actingDepartment } from './actingDepartment.ts'
import { CaseBuilder } from './_test/cases.ts'

describe('actingDepartment', () => {
  const plain = new CaseBuilder('C', 'A').accepted().state()
  const joint = new CaseBuilder('J', 'A').accepted(['A', 'B']).state()

  it('hides a case none of whose departments the user may act for', () => {
    expect(actingDepartment(plain, ['B'], { departmentCode: 'B' }, undefined)).toEqual({ ok: false, code: 'NOT_FOUND' })
  })
  it('picks the own department when it has a part, else the first visible one', () => {
    expect(actingDepartment(joint, ['B'], { departmentCode: 'B' }, undefined)).toEqual({ ok: true, departmentCode: 'B' })
    expect(actingDepartment(joint, ['A', 'B'], { departmentCode: null }, undefined)).toEqual({ ok: true, departmentCode: 'A' })
    // a parent department's staff act for a case of a department below theirs
    expect(actingDepartment(plain, ['P', 'A'], { departmentCode: 'P' }, undefined)).toEqual({ ok: true, departmentCode: 'A' })
  })
  it('refuses a department asked for outside the scope or without a part', () => {
    expect(actingDepartment(joint, ['B'], { departmentCode: 'B' }, 'A')).toEqual({ ok: false, code: 'DEPARTMENT_OUT_OF_SCOPE', detail: 'A' })
    expect(actingDepartment(joint, ['A', 'B', 'C'], { departmentCode: null }, 'C')).toEqual({ ok: false, code: 'DEPARTMENT_OUT_OF_SCOPE', detail: 'C' })
    expect(actingDepartment(joint, ['A', 'B'], { departmentCode: null }, 'B')).toEqual({ ok: true, departmentCode: 'B' })
  })
})
