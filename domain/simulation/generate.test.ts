import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { validateEvent } from '../events/validateEvent.ts'
import { CASE_EVENT_KINDS, CASE_TYPES, PETITION_KINDS } from '../events/schema.ts'
import { batchBySubject, generateBackfill, Simulator, type SimItem } from './generate.ts'

const items = (JSON.parse(readFileSync(new URL('../../data/zhenjiang/items.json', import.meta.url), 'utf8')) as { items: SimItem[] }).items
const calendar = cnWorkCalendar()
const NOW = Date.parse('2025-11-20T07:00:00Z') // a Thursday, 15:00 in 浈江
const gen = (seed: number) => generateBackfill({ seed, items, calendar, nowMs: NOW, days: 30, casesPerWorkday: 60, petitionsPerWorkday: 15 })

describe('generateBackfill', () => {
  const a = gen(7)
  it('is deterministic: same seed, same events; another seed, other events', () => {
    expect(gen(7)).toEqual(a)
    expect(gen(8).past.slice(0, 20)).not.toEqual(a.past.slice(0, 20))
  })
  it('generates only valid events, none after now, with unique ids', () => {
    for (const e of a.past) {
      const v = validateEvent(e, { source: 'simulator', departments: '*', nowMs: NOW })
      expect(v.ok ? 'ok' : `${e.eventId}: ${v.detail}`).toBe('ok')
      expect(Date.parse(e.occurredAt)).toBeLessThanOrEqual(NOW)
    }
    expect(new Set(a.past.map((e) => e.eventId)).size).toBe(a.past.length)
    expect(a.future.length).toBeGreaterThan(0)
  })
  it('mixes every case event kind, case type and petition kind', () => {
    const kinds = new Set(a.past.map((e) => e.kind))
    for (const k of CASE_EVENT_KINDS) expect(kinds, k).toContain(k)
    const types = new Set(a.past.filter((e) => e.kind === 'accepted').map((e) => e.body.caseType))
    for (const t of CASE_TYPES) expect(types, t).toContain(t)
    const pk = new Set(a.past.filter((e) => e.kind === 'petition.received').map((e) => e.body.petitionKind))
    for (const k of PETITION_KINDS) expect(pk, k).toContain(k)
  })
  it('puts arrivals on working days in office hours (Asia/Shanghai)', () => {
    for (const e of a.past.filter((x) => x.kind === 'submitted' || x.kind === 'petition.received')) {
      const [, hh, mm] = /T(\d\d):(\d\d)/.exec(e.occurredAt)!.map(Number) as [number, number, number]
      const minute = hh * 60 + mm
      expect(e.occurredAt.endsWith('+08:00')).toBe(true)
      expect((minute >= 510 && minute < 720) || (minute >= 870 && minute < 1050), e.occurredAt).toBe(true)
    }
  })
})

describe('batchBySubject', () => {
  it('keeps each subject in one batch, in order, within the size', () => {
    const { past } = gen(3)
    const batches = batchBySubject(past, 100)
    expect(batches.flat()).toHaveLength(past.length)
    const where = new Map<string, number>()
    batches.forEach((b, i) => {
      expect(b.length).toBeLessThanOrEqual(100)
      for (const e of b) {
        const k = e.caseNo ?? `P${e.petitionNo}`
        expect(where.get(k) ?? i).toBe(i)
        where.set(k, i)
      }
    })
  })
})

describe('Simulator.planLive', () => {
  it('starts a case or petition now, at any hour, with valid events that never go back in time', () => {
    const sim = new Simulator({ seed: 1, items, calendar })
    const night = Date.parse('2025-11-22T19:40:00Z') // Sunday 03:40 in 浈江
    for (let n = 1; n <= 200; n++) {
      const evs = sim.planLive(night, n, 'x')
      expect(Date.parse(evs[0]!.occurredAt)).toBe(night)
      for (let i = 1; i < evs.length; i++) expect(Date.parse(evs[i]!.occurredAt)).toBeGreaterThan(Date.parse(evs[i - 1]!.occurredAt))
      for (const e of evs) expect(validateEvent(e, { source: 's', departments: '*', nowMs: Date.parse(e.occurredAt) }).ok).toBe(true)
    }
    expect(sim.planLive(night, 7, 'x')).toEqual(new Simulator({ seed: 1, items, calendar }).planLive(night, 7, 'x'))
  })
})
