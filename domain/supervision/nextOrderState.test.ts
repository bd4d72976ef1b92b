import { describe, expect, it } from 'vitest'
import { nextOrderState } from './nextOrderState.ts'
import type { OrderAction, OrderState } from './types.ts'

const STAFF = ['department_staff']
describe('nextOrderState', () => {
  it('walks the full chain issued → appealed → instructed → replied → concluded', () => {
    expect(nextOrderState('issued', 'appeal', STAFF)).toEqual({ ok: true, state: 'appealed', step: 'appealed', role: 'department_staff', clockRunning: false })
    expect(nextOrderState('appealed', 'instruct', ['leader'])).toMatchObject({ ok: true, state: 'instructed', step: 'instructed', role: 'leader' })
    expect(nextOrderState('instructed', 'reply', ['department_head'])).toMatchObject({ ok: true, state: 'replied', role: 'department_head' })
    expect(nextOrderState('replied', 'conclude', ['supervisor'])).toMatchObject({ ok: true, state: 'concluded', step: 'concluded' })
    expect(nextOrderState('instructed', 'conclude', ['admin'])).toMatchObject({ ok: true, state: 'concluded', role: 'admin' })
  })

  it('refuses every action not in the table, and everything on a concluded order', () => {
    const allowed = new Set(['issued:reply', 'issued:appeal', 'replied:conclude', 'appealed:instruct', 'instructed:reply', 'instructed:conclude'])
    const all = ['admin', 'supervisor', 'leader', 'department_head', 'department_staff']
    for (const s of ['issued', 'replied', 'appealed', 'instructed', 'concluded'] as OrderState[]) {
      for (const a of ['reply', 'appeal', 'instruct', 'conclude'] as OrderAction[]) {
        const r = nextOrderState(s, a, all)
        expect(r.ok, `${s}:${a}`).toBe(allowed.has(`${s}:${a}`))
        if (!r.ok) expect(r.reason).toBe('state')
      }
    }
  })

  it('checks the role before the state', () => {
    expect(nextOrderState('issued', 'reply', ['leader', 'supervisor'])).toEqual({ ok: false, reason: 'role' })
    expect(nextOrderState('appealed', 'instruct', ['supervisor'])).toEqual({ ok: false, reason: 'role' })
    expect(nextOrderState('replied', 'conclude', STAFF)).toEqual({ ok: false, reason: 'role' })
    expect(nextOrderState('concluded', 'appeal', ['display'])).toEqual({ ok: false, reason: 'role' })
  })

  it('allows only one appeal (an instructed order cannot be appealed again)', () => {
    expect(nextOrderState('instructed', 'appeal', STAFF)).toEqual({ ok: false, reason: 'state' })
    expect(nextOrderState('replied', 'appeal', STAFF)).toEqual({ ok: false, reason: 'state' })
  })
})
