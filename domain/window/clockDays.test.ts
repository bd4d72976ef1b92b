import { describe, expect, it } from 'vitest'
import { caseClock } from '../clock/caseClock.ts'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { clockDays } from './clockDays.ts'
import { CaseBuilder } from './_test/cases.ts'

const cal = cnWorkCalendar()
const zone = 'Asia/Shanghai'
const promised = { value: 5, unit: 'workday' as const }

describe('clockDays', () => {
  // CaseBuilder: submitted Mon 2 Mar 2026 10:00 +08:00, accepted an hour later (day 0)
  const accepted = new CaseBuilder().accepted().state()
  const at = (iso: string) => clockDays(caseClock(accepted, { calendar: cal, zone, nowMs: Date.parse(iso), itemPromisedLimit: promised, explain: true }))

  it('counts used and left working days from the day after acceptance', () => {
    expect(at('2026-03-02T15:00:00+08:00')).toEqual({ limit: 5, unit: 'workday', used: 0, left: 5, stopped: false })
    expect(at('2026-03-04T09:00:00+08:00')).toMatchObject({ used: 2, left: 3 })
    // Sat 7 and Sun 8 March are not working days
    expect(at('2026-03-08T09:00:00+08:00')).toMatchObject({ used: 4, left: 1 })
    expect(at('2026-03-09T09:00:00+08:00')).toMatchObject({ used: 5, left: 0 })
    // past the deadline (Mon 9 March) the days keep counting: left goes negative
    expect(at('2026-03-11T09:00:00+08:00')).toMatchObject({ used: 7, left: -2 })
  })

  it('is empty before acceptance, and holds the days left while stopped', () => {
    const submitted = new CaseBuilder().submitted().state()
    expect(clockDays(caseClock(submitted, { calendar: cal, zone, nowMs: Date.parse('2026-03-04T00:00:00Z'), itemPromisedLimit: promised, explain: true }))).toMatchObject({ used: null, left: null, stopped: false })
    const b = new CaseBuilder().accepted().add('suspended', { procedure: 'hearing', expectedDays: 10, approver: 'x' })
    const c = clockDays(caseClock(b.state(), { calendar: cal, zone, nowMs: Date.parse('2026-03-10T00:00:00Z'), itemPromisedLimit: promised, explain: true }))
    expect(c.stopped).toBe(true)
    expect(c.left).toBe(5)
  })
})
