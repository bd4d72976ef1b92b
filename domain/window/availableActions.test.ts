import { describe, expect, it } from 'vitest'
import { availableActions } from './availableActions.ts'
import { CaseBuilder, ctx } from './_test/cases.ts'

describe('availableActions', () => {
  it('offers what the state allows, and the next stage', () => {
    expect(availableActions(new CaseBuilder().submitted().state(), ctx())).toEqual({ actions: ['accept', 'return', 'requestSupplement'], nextStage: 'undertaken' })
    expect(availableActions(new CaseBuilder().accepted().stage('undertaken').state(), ctx())).toEqual({
      actions: ['requestSupplement', 'advance', 'suspend', 'chargeFee'],
      nextStage: 'reviewed',
    })
    const suspended = new CaseBuilder().accepted().add('suspended', { procedure: 'testing', expectedDays: 5, approver: 'x' }).state()
    expect(availableActions(suspended, ctx()).actions).toEqual(['resume', 'chargeFee'])
    expect(availableActions(new CaseBuilder().submitted().add('returned', { reason: 'x' }).state(), ctx()).actions).toEqual([])
    expect(availableActions(null, ctx())).toEqual({ actions: [], nextStage: null })
  })
})
