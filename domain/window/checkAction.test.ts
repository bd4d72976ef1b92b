import { describe, expect, it } from 'vitest'
import { checkAction } from './checkAction.ts'
import { CaseBuilder, ctx, SHORT } from './_test/cases.ts'

describe('checkAction', () => {
  it('checks the state first', () => {
    const s = new CaseBuilder().submitted().add('returned', { reason: 'x' }).state()
    expect(checkAction(s, { action: 'accept', handler: 'h' }, ctx())).toEqual({ code: 'CASE_RETURNED' })
    expect(checkAction(null, { action: 'accept', handler: 'h' }, ctx())).toEqual({ code: 'NOT_FOUND' })
  })

  it('requires a reason to return, and to deny', () => {
    const s = new CaseBuilder().submitted().state()
    expect(checkAction(s, { action: 'return', handler: 'h', reason: '  ' }, ctx())).toEqual({ code: 'REASON_REQUIRED', detail: 'reason' })
    expect(checkAction(s, { action: 'return', handler: 'h', reason: '不属于本部门职权' }, ctx())).toBeNull()
    const r = new CaseBuilder().accepted().stage('undertaken').stage('reviewed').state()
    expect(checkAction(r, { action: 'advance', handler: 'h', stage: 'approved', decision: 'deny' }, ctx())).toEqual({ code: 'REASON_REQUIRED', detail: 'opinion' })
    const c = new CaseBuilder().accepted().state()
    expect(checkAction(c, { action: 'conclude', handler: 'h', result: 'denied' }, ctx('D1', SHORT))).toEqual({ code: 'REASON_REQUIRED', detail: 'reason' })
  })

  it('requires a non-empty list of materials', () => {
    const s = new CaseBuilder().accepted().state()
    expect(checkAction(s, { action: 'requestSupplement', handler: 'h', materials: [' ', ''] }, ctx())).toEqual({ code: 'MATERIALS_REQUIRED' })
    expect(checkAction(s, { action: 'requestSupplement', handler: 'h', materials: ['身份证复印件'] }, ctx())).toBeNull()
  })

  it('accepts only the next stage, and the approved stage only with a decision', () => {
    const s = new CaseBuilder().accepted().state()
    expect(checkAction(s, { action: 'advance', handler: 'h', stage: 'reviewed' }, ctx())).toEqual({ code: 'STAGE_OUT_OF_ORDER', detail: 'undertaken' })
    expect(checkAction(s, { action: 'advance', handler: 'h', stage: 'undertaken' }, ctx())).toBeNull()
    const r = new CaseBuilder().accepted().stage('undertaken').stage('reviewed').state()
    expect(checkAction(r, { action: 'advance', handler: 'h', stage: 'approved' }, ctx())).toEqual({ code: 'DECISION_REQUIRED' })
  })

  it('requires the conclusion to match the approval decision', () => {
    const s = new CaseBuilder().accepted().stage('undertaken').stage('reviewed').stage('approved', 'D1', 'approve').state()
    expect(checkAction(s, { action: 'conclude', handler: 'h', result: 'denied', reason: '不符合条件' }, ctx())).toEqual({ code: 'RESULT_MISMATCH', detail: 'approved' })
    expect(checkAction(s, { action: 'conclude', handler: 'h', result: 'approved', certificateNo: 'Z-1' }, ctx())).toBeNull()
  })

  it('accepting needs an applicant and joint departments other than the lead', () => {
    const noApplicant = new CaseBuilder().add('submitted', { itemCode: 'I1' }).state()
    expect(checkAction(noApplicant, { action: 'accept', handler: 'h' }, ctx())).toEqual({ code: 'APPLICANT_REQUIRED' })
    expect(checkAction(noApplicant, { action: 'accept', handler: 'h', applicant: { name: '李' } }, ctx())).toBeNull()
    const s = new CaseBuilder().submitted().state()
    expect(checkAction(s, { action: 'accept', handler: 'h', jointDepartments: ['D1'] }, ctx())?.code).toBe('JOINT_DEPARTMENTS_INVALID')
  })
})
