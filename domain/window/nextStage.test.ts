import { describe, expect, it } from 'vitest'
import { nextStage } from './nextStage.ts'
import { FULL, SHORT } from './_test/cases.ts'

describe('nextStage', () => {
  it('follows undertaken → reviewed → approved within the stage set', () => {
    expect(nextStage(FULL, 'submitted')).toBe('undertaken')
    expect(nextStage(FULL, 'accepted')).toBe('undertaken')
    expect(nextStage(FULL, 'undertaken')).toBe('reviewed')
    expect(nextStage(FULL, 'reviewed')).toBe('approved')
    expect(nextStage(FULL, 'approved')).toBeNull()
    expect(nextStage(FULL, 'concluded')).toBeNull()
  })
  it('skips stages the item does not have', () => {
    expect(nextStage(SHORT, 'accepted')).toBeNull()
    expect(nextStage(['accepted', 'approved', 'concluded'], 'accepted')).toBe('approved')
  })
})
