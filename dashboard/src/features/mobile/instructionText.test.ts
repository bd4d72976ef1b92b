import { describe, expect, it } from 'vitest'
import { instructionBody, instructionProblem } from './instructionText.ts'
import { zh } from './messages.ts'

const P = zh.awaiting.prefix

describe('instruction text', () => {
  it('opens with the decision, the forward naming the department and the working days', () => {
    expect(instructionBody({ decision: 'approve', text: ' 同意延期 ' }, P)).toBe('【同意】同意延期')
    expect(instructionBody({ decision: 'return', text: '材料不全' }, P)).toBe('【退回】材料不全')
    expect(instructionBody({ decision: 'forward', text: '请协助', departmentName: '区住建局', days: 3 }, P)).toBe('【转办】区住建局，限 3 个工作日内办理。请协助')
  })
  it('a return needs a reason, a forward a department', () => {
    expect(instructionProblem({ decision: 'return', text: '  ' })).toBe('needText')
    expect(instructionProblem({ decision: 'forward', text: 'x' })).toBe('needDept')
    expect(instructionProblem({ decision: 'approve', text: '' })).toBeNull()
  })
})
