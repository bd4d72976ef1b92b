import { describe, expect, it } from 'vitest'
import { nextRunState } from './nextRunState.ts'

describe('nextRunState (draft → submitted → approved → published)', () => {
  it('the chain across supervisor and leader', () => {
    expect(nextRunState('draft', 'submit', ['supervisor'])).toEqual({ ok: true, to: 'submitted' })
    expect(nextRunState('submitted', 'approve', ['leader'])).toEqual({ ok: true, to: 'approved' })
    expect(nextRunState('approved', 'publish', ['supervisor'])).toEqual({ ok: true, to: 'published' })
    expect(nextRunState('submitted', 'return', ['leader'])).toEqual({ ok: true, to: 'draft' })
  })
  it('who may do what: a supervisor cannot approve, a leader cannot submit or correct, an admin neither', () => {
    expect(nextRunState('submitted', 'approve', ['supervisor'])).toEqual({ ok: false, code: 'FORBIDDEN' })
    expect(nextRunState('draft', 'submit', ['leader'])).toEqual({ ok: false, code: 'FORBIDDEN' })
    expect(nextRunState('draft', 'correct', ['leader'])).toEqual({ ok: false, code: 'FORBIDDEN' })
    expect(nextRunState('draft', 'submit', ['admin'])).toEqual({ ok: false, code: 'FORBIDDEN' })
  })
  it('published is frozen: no recompute, correction, comment or second publication; only a new version (revise)', () => {
    for (const a of ['recompute', 'correct', 'comment', 'publish', 'approve', 'submit'] as const) {
      expect(nextRunState('published', a, ['supervisor', 'leader'])).toEqual({ ok: false, code: 'PERFORMANCE_RUN_STATE' })
    }
    expect(nextRunState('published', 'revise', ['supervisor'])).toEqual({ ok: true, to: 'published' })
    expect(nextRunState('draft', 'revise', ['supervisor'])).toEqual({ ok: false, code: 'PERFORMANCE_RUN_STATE' })
  })
  it('no skipping: a draft cannot be approved or published, a submitted run not corrected', () => {
    expect(nextRunState('draft', 'approve', ['leader']).ok).toBe(false)
    expect(nextRunState('draft', 'publish', ['leader']).ok).toBe(false)
    expect(nextRunState('submitted', 'correct', ['supervisor']).ok).toBe(false)
  })
})
