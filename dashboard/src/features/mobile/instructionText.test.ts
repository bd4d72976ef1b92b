import { describe, expect, it } from 'vitest'
import { forwardOrderBody, instructionBody, instructionProblem } from './instructionText.ts'
import { zh } from './messages.ts'

const P = zh.awaiting.prefix

describe('instruction text', () => {
  it('opens with the decision, the forward naming the department, the working days and the order issued for it', () => {
    expect(instructionBody({ decision: 'approve', text: ' 同意延期 ' }, P)).toBe('【同意】同意延期')
    expect(instructionBody({ decision: 'return', text: '材料不全' }, P)).toBe('【退回】材料不全')
    expect(instructionBody({ decision: 'forward', text: '请协助', departmentName: '区住建局', days: 3, forwardedOrderNo: 'DB-2026-000007' }, P)).toBe('【转办】区住建局，限 3 个工作日内办理（督办单 DB-2026-000007）。请协助')
  })
  it('a return needs a reason; a forward a department, a responsible person and 1–60 working days', () => {
    expect(instructionProblem({ decision: 'return', text: '  ' })).toBe('needText')
    expect(instructionProblem({ decision: 'forward', text: 'x' })).toBe('needDept')
    expect(instructionProblem({ decision: 'forward', text: 'x', departmentName: '区住建局', days: 3 })).toBe('needPerson')
    expect(instructionProblem({ decision: 'forward', text: 'x', departmentName: '区住建局', responsibleUserId: '7', days: 0 })).toBe('needDays')
    expect(instructionProblem({ decision: 'forward', text: 'x', departmentName: '区住建局', responsibleUserId: '7', days: 61 })).toBe('needDays')
    expect(instructionProblem({ decision: 'forward', text: '', departmentName: '区住建局', responsibleUserId: '7', days: 3 })).toBeNull()
    expect(instructionProblem({ decision: 'approve', text: '' })).toBeNull()
  })
  it("the forward's new order: the target department, person and deadline; the opinion names the order it comes from; the case stays attached", () => {
    expect(forwardOrderBody({ departmentCode: 'D2', responsibleUserId: '7', days: 3, text: ' 请协助 ' }, { orderNo: 'DB-1', caseNo: 'C-9' }, zh.awaiting.forwardOpinion)).toEqual({
      departmentCode: 'D2', responsibleUserId: '7', dueInWorkingDays: 3, opinion: '领导批示转办（原督办单 DB-1）：请协助', caseNo: 'C-9',
    })
    expect(forwardOrderBody({ departmentCode: 'D2', responsibleUserId: '7', days: 3, text: '' }, { orderNo: 'DB-1', caseNo: null }, zh.awaiting.forwardOpinion)).toEqual({
      departmentCode: 'D2', responsibleUserId: '7', dueInWorkingDays: 3, opinion: '领导批示转办（原督办单 DB-1）：',
    })
  })
})
