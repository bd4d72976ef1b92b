import { describe, expect, it } from 'vitest'
import { jointParts } from './jointParts.ts'
import { CaseBuilder } from '../window/_test/cases.ts'

describe('jointParts', () => {
  it('lists every part with its progress; the case concludes only when all parts have', () => {
    const b = new CaseBuilder('J', 'A').accepted(['A', 'B']).add('concluded', { result: 'approved' }, 'A').stage('reviewed', 'B')
    expect(jointParts(b.state())).toEqual([
      { departmentCode: 'A', reached: 'concluded', concluded: true },
      { departmentCode: 'B', reached: 'reviewed', concluded: false },
    ])
    expect(b.state().status).not.toBe('concluded')
    b.add('concluded', { result: 'approved' }, 'B')
    expect(b.state().status).toBe('concluded')
    expect(jointParts(b.state()).every((p) => p.concluded)).toBe(true)
  })
  it('is empty for a plain case', () => {
    expect(jointParts(new CaseBuilder().accepted().state())).toEqual([])
  })
})
