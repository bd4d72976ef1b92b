import { describe, expect, it } from 'vitest'
import { progressOf } from './progressOf.ts'
import { CaseBuilder } from '../window/_test/cases.ts'

describe('progressOf', () => {
  it('is the case status for a plain case, with its decision', () => {
    const s = new CaseBuilder().accepted().stage('undertaken').stage('reviewed').stage('approved', 'D1', 'deny').state()
    expect(progressOf(s, 'D1')).toEqual({ reached: 'approved', concluded: false, decision: 'deny' })
  })
  it('follows each part of a joint case on its own', () => {
    const b = new CaseBuilder('J', 'A').accepted(['A', 'B', 'C']).stage('undertaken', 'A').add('concluded', { result: 'approved' }, 'A').stage('undertaken', 'B')
    const s = b.state()
    expect(progressOf(s, 'A')).toEqual({ reached: 'concluded', concluded: true, decision: null })
    expect(progressOf(s, 'B')).toEqual({ reached: 'undertaken', concluded: false, decision: null })
    expect(progressOf(s, 'C')).toEqual({ reached: 'accepted', concluded: false, decision: null })
    expect(progressOf(s, 'X').reached).toBe('none')
  })
})
