import { describe, expect, it } from 'vitest'
import { Compile } from 'typebox/compile'
import { BODY_SCHEMAS } from '../events/schema.ts'
import { actionEvent } from './actionEvent.ts'
import type { WindowAction } from './types.ts'
import { CaseBuilder, ctx } from './_test/cases.ts'

const valid = (kind: keyof typeof BODY_SCHEMAS, body: unknown) => Compile(BODY_SCHEMAS[kind]).Check(body)

describe('actionEvent', () => {
  const state = new CaseBuilder().submitted().state()

  it('emits the event an external source would send, with a body valid for its kind', () => {
    const actions: [WindowAction, string][] = [
      [{ action: 'accept', handler: '王五' }, 'accepted'],
      [{ action: 'return', handler: '王五', reason: '不属于本部门' }, 'returned'],
      [{ action: 'requestSupplement', handler: '王五', materials: ['身份证', '身份证', ' 章程 '] }, 'supplementRequested'],
      [{ action: 'supplySupplement', handler: '王五' }, 'supplementSupplied'],
      [{ action: 'advance', handler: '王五', stage: 'undertaken', opinion: '' }, 'stage'],
      [{ action: 'suspend', handler: '王五', procedure: 'hearing', expectedDays: 15, approver: '赵局长' }, 'suspended'],
      [{ action: 'resume', handler: '王五' }, 'resumed'],
      [{ action: 'chargeFee', handler: '王五', amount: 10.005 }, 'feeCharged'],
      [{ action: 'conclude', handler: '王五', result: 'approved', certificateNo: ' ZS-1 ' }, 'concluded'],
    ]
    for (const [input, kind] of actions) {
      const ev = actionEvent(state, input, ctx())
      expect(ev.kind).toBe(kind)
      expect(valid(ev.kind, ev.body), `${kind} ${JSON.stringify(ev.body)}`).toBe(true)
    }
  })

  it('fills the acceptance from the registration and the item, and names the lead among the joint departments', () => {
    expect(actionEvent(state, { action: 'accept', handler: '王五' }, ctx()).body).toEqual({ itemCode: 'I1', caseType: 'promised', applicant: { name: '张三' }, handler: '王五' })
    expect(actionEvent(state, { action: 'accept', handler: '王五', jointDepartments: ['D2', 'D3', 'D2'] }, ctx()).body).toMatchObject({ caseType: 'joint', jointDepartments: ['D1', 'D2', 'D3'] })
  })

  it('trims text, drops repeated materials and blank optional fields, rounds fees to the fen', () => {
    expect(actionEvent(state, { action: 'requestSupplement', handler: 'h', materials: ['身份证', '身份证', ' 章程 ', ' '] }, ctx()).body).toEqual({ materials: ['身份证', '章程'], handler: 'h' })
    expect(actionEvent(state, { action: 'advance', handler: 'h', stage: 'undertaken', opinion: ' ', decision: 'approve' }, ctx()).body).toEqual({ stage: 'undertaken', handler: 'h' })
    expect(actionEvent(state, { action: 'chargeFee', handler: 'h', amount: 10.005 }, ctx()).body).toEqual({ amount: 10.01, handler: 'h' })
    expect(actionEvent(state, { action: 'conclude', handler: 'h', result: 'approved', certificateNo: ' ZS-1 ' }, ctx()).body).toEqual({ result: 'approved', certificateNo: 'ZS-1', handler: 'h' })
  })
})
