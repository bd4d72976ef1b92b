import { describe, expect, it } from 'vitest'
import { transitionError } from './transitionError.ts'
import { CaseBuilder, ctx, SHORT } from './_test/cases.ts'

const code = (...args: Parameters<typeof transitionError>) => transitionError(...args)?.code ?? null

describe('transitionError', () => {
  it('refuses everything on a case without events', () => {
    expect(code(null, 'accept', ctx())).toBe('NOT_FOUND')
  })

  it('lets a submitted case be accepted or returned, not moved on', () => {
    const s = new CaseBuilder().submitted().state()
    expect(code(s, 'accept', ctx())).toBeNull()
    expect(code(s, 'return', ctx())).toBeNull()
    expect(code(s, 'advance', ctx())).toBe('CASE_NOT_ACCEPTED')
    expect(code(s, 'conclude', ctx())).toBe('CASE_NOT_ACCEPTED')
    expect(code(s, 'suspend', ctx())).toBe('CASE_NOT_ACCEPTED')
    expect(code(s, 'chargeFee', ctx())).toBe('CASE_NOT_ACCEPTED')
  })

  it('refuses to accept twice, and to accept or do anything to a returned case', () => {
    const accepted = new CaseBuilder().accepted().state()
    expect(code(accepted, 'accept', ctx())).toBe('CASE_ALREADY_ACCEPTED')
    expect(code(accepted, 'return', ctx())).toBe('CASE_ALREADY_ACCEPTED')
    const returned = new CaseBuilder().submitted().add('returned', { reason: '材料不全' }).state()
    for (const a of ['accept', 'return', 'advance', 'conclude', 'requestSupplement'] as const) expect(code(returned, a, ctx())).toBe('CASE_RETURNED')
  })

  it('walks the item stage set in order and concludes only after the last middle stage', () => {
    const b = new CaseBuilder().accepted()
    expect(transitionError(b.state(), 'conclude', ctx())).toEqual({ code: 'STAGE_OUT_OF_ORDER', detail: 'undertaken' })
    b.stage('undertaken').stage('reviewed')
    expect(transitionError(b.state(), 'conclude', ctx())).toEqual({ code: 'STAGE_OUT_OF_ORDER', detail: 'approved' })
    b.stage('approved', 'D1', 'approve')
    expect(code(b.state(), 'conclude', ctx())).toBeNull()
    expect(transitionError(b.state(), 'advance', ctx())).toEqual({ code: 'STAGE_OUT_OF_ORDER', detail: 'concluded' })
    // an immediate item goes straight from accepted to concluded
    expect(code(new CaseBuilder().accepted().state(), 'conclude', ctx('D1', SHORT))).toBeNull()
  })

  it('refuses to conclude twice', () => {
    const s = new CaseBuilder().accepted().add('concluded', { result: 'approved' }).state()
    expect(code(s, 'conclude', ctx('D1', SHORT))).toBe('CASE_CONCLUDED')
  })

  it('holds the case while a supplement is pending or a special procedure runs', () => {
    const b = new CaseBuilder().accepted().add('supplementRequested', { materials: ['营业执照'] })
    expect(code(b.state(), 'advance', ctx())).toBe('SUPPLEMENT_PENDING')
    expect(code(b.state(), 'requestSupplement', ctx())).toBe('SUPPLEMENT_PENDING')
    expect(code(b.state(), 'supplySupplement', ctx())).toBeNull()
    b.add('supplementSupplied', {})
    expect(code(b.state(), 'supplySupplement', ctx())).toBe('NO_PENDING_SUPPLEMENT')
    expect(code(b.state(), 'resume', ctx())).toBe('CASE_NOT_SUSPENDED')
    b.add('suspended', { procedure: 'hearing', expectedDays: 10, approver: '赵局' })
    expect(code(b.state(), 'suspend', ctx())).toBe('CASE_SUSPENDED')
    expect(code(b.state(), 'advance', ctx())).toBe('CASE_SUSPENDED')
    expect(code(b.state(), 'conclude', ctx('D1', SHORT))).toBe('CASE_SUSPENDED')
    expect(code(b.state(), 'resume', ctx())).toBeNull()
    b.add('resumed', {})
    expect(code(b.state(), 'advance', ctx())).toBeNull()
  })

  it('joint case: only the lead accepts; each part moves on its own; a concluded part takes no more actions', () => {
    const b = new CaseBuilder('J', 'A').accepted(['A', 'B'])
    expect(code(b.state(), 'accept', ctx('B'))).toBe('LEAD_DEPARTMENT_ONLY')
    expect(code(b.state(), 'advance', ctx('C'))).toBe('DEPARTMENT_OUT_OF_SCOPE')
    b.stage('undertaken', 'A').stage('reviewed', 'A').stage('approved', 'A', 'approve').add('concluded', { result: 'approved' }, 'A')
    expect(code(b.state(), 'advance', ctx('A'))).toBe('CASE_PART_CONCLUDED')
    expect(transitionError(b.state(), 'conclude', ctx('B'))).toEqual({ code: 'STAGE_OUT_OF_ORDER', detail: 'undertaken' })
    expect(code(b.state(), 'advance', ctx('B'))).toBeNull()
  })
})
