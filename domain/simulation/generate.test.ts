import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { validateEvent } from '../events/validateEvent.ts'
import { CASE_EVENT_KINDS, CASE_TYPES, PETITION_KINDS } from '../events/schema.ts'
import { batchBySubject, generateBackfill, Simulator, AUTO_APPROVAL_HANDLER, type SimItem } from './generate.ts'
import { localDayOf } from '../calendar/localDayOf.ts'
import { foldCase } from '../case/foldCase.ts'
import type { RawEvent } from '../events/fixtures.ts'
import type { StoredEvent } from '../events/schema.ts'

const byCaseNo = (evs: readonly RawEvent[]) => {
  const m = new Map<string, RawEvent[]>()
  for (const e of evs) if (e.caseNo !== undefined) m.set(e.caseNo, [...(m.get(e.caseNo) ?? []), e])
  return m
}
const stored = (raw: RawEvent[]): StoredEvent[] =>
  raw.map((e, i) => ({
    eventId: e.eventId, source: 's1', kind: e.kind, occurredAt: e.occurredAt, subject: 'case', subjectNo: e.caseNo as string,
    departmentCode: e.departmentCode, body: e.body as StoredEvent['body'], seq: i + 1, receivedAt: e.occurredAt,
  }))

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
  it('puts window arrivals in office hours or on a Saturday morning, online and hotline ones at any hour (Asia/Shanghai)', () => {
    const sim = new Simulator({ seed: 7, items, calendar })
    let offHours = 0
    for (const e of a.past.filter((x) => x.kind === 'submitted' || x.kind === 'petition.received')) {
      const [, hh, mm] = /T(\d\d):(\d\d)/.exec(e.occurredAt)!.map(Number) as [number, number, number]
      const minute = hh * 60 + mm
      expect(e.occurredAt.endsWith('+08:00')).toBe(true)
      const mode = sim.serviceModeAt(Date.parse(e.occurredAt))
      if (e.kind === 'submitted' && e.body.channel === 'window') {
        expect(mode === 'office' || (mode === 'saturday' && minute >= 540 && minute < 720), e.occurredAt).toBe(true)
      }
      if (mode === 'closed') {
        offHours++
        expect(e.kind === 'submitted' ? e.body.channel === 'online' : ['12345热线', '政务服务网', '微信公众号', '网上信访', '区长信箱', '效能投诉平台'].includes(e.body.channel as string), e.eventId).toBe(true)
      }
    }
    expect(offHours).toBeGreaterThan(100)
  })
})

// 2025-11-22 is a Saturday, 2025-11-24 the Monday after; 2025-11-18 a Tuesday; 2025-10-04 a National Day Saturday.
const local = (iso: string) => Date.parse(`${iso}+08:00`)
const SAT_AFTERNOON = local('2025-11-22T15:00:00')
const TUE_EVENING = local('2025-11-18T20:30:00')

/** What the live simulator posts in the hour after `from`: an arrival every 5 s (the demo tops up to 60 events a minute). */
function liveHour(from: number) {
  const sim = new Simulator({ seed: 3, items, calendar })
  const all: RawEvent[] = []
  for (let i = 0; i < 720; i++) all.push(...sim.planLive(from + i * 5000, i + 1, 't'))
  const hour = all.filter((e) => Date.parse(e.occurredAt) < from + 3_600_000)
  return { all, hour }
}

describe('the simulator outside office hours', () => {
  const sim = new Simulator({ seed: 1, items, calendar })
  it('knows when the windows are open: office hours, Saturday mornings (周六不打烊) except holidays, closed otherwise', () => {
    expect(sim.serviceModeAt(local('2025-11-18T10:00:00'))).toBe('office')
    expect(sim.serviceModeAt(local('2025-11-18T13:00:00'))).toBe('closed')
    expect(sim.serviceModeAt(TUE_EVENING)).toBe('closed')
    expect(sim.serviceModeAt(local('2025-11-22T10:00:00'))).toBe('saturday')
    expect(sim.serviceModeAt(SAT_AFTERNOON)).toBe('closed')
    expect(sim.serviceModeAt(local('2025-11-23T10:00:00'))).toBe('closed')
    expect(sim.serviceModeAt(local('2025-10-04T10:00:00'))).toBe('closed')
    // an adjusted working Saturday (2025-09-28) keeps office hours
    expect(sim.serviceModeAt(local('2025-09-28T10:00:00'))).toBe('office')
  })

  for (const [name, from, nextMorning] of [
    ['on a Saturday afternoon', SAT_AFTERNOON, '2025-11-24'],
    ['on a weekday evening', TUE_EVENING, '2025-11-19'],
  ] as const) {
    describe(name, () => {
      const { all, hour } = liveHour(from)
      // fees (6 of 193 items) and special procedures are office-hours work, rare at any hour
      it('every kind of step happens within the hour: submissions, acceptances, stages, conclusions, pre-review, petitions answered', () => {
        const kinds = new Set(hour.map((e) => e.kind))
        for (const k of ['submitted', 'accepted', 'stage', 'concluded', 'supplementRequested', 'supplementSupplied', 'returned', 'petition.received', 'petition.assigned', 'petition.replied', 'petition.closed'] as const) {
          expect(kinds, k).toContain(k)
        }
        const stages = new Set(hour.filter((e) => e.kind === 'stage').map((e) => e.body.stage))
        expect([...stages].sort()).toEqual(['approved', 'reviewed', 'undertaken'])
        expect(hour.filter((e) => e.kind === 'concluded').length).toBeGreaterThan(10)
        for (const e of all) expect(validateEvent(e, { source: 's', departments: '*', nowMs: Date.parse(e.occurredAt) }).ok, e.eventId).toBe(true)
      })
      it('online applications not approved automatically are accepted at the next working morning, 08:30–09:30', () => {
        const byCase = byCaseNo(all.filter((e) => e.caseNo))
        let manual = 0
        let auto = 0
        for (const evs of byCase.values()) {
          const acc = evs.find((e) => e.kind === 'accepted')
          if (!acc) continue
          if (acc.body.handler === AUTO_APPROVAL_HANDLER) {
            auto++
            const sub = evs.find((e) => e.kind === 'submitted')!
            expect(Date.parse(acc.occurredAt) - Date.parse(sub.occurredAt)).toBeLessThanOrEqual(3 * 60_000)
            expect(evs.at(-1)!.kind).toBe('concluded')
            continue
          }
          manual++
          expect(acc.occurredAt.slice(0, 10)).toBe(nextMorning)
          const hm = acc.occurredAt.slice(11, 16)
          expect(hm >= '08:30' && hm <= '09:31', acc.occurredAt).toBe(true)
        }
        expect(manual).toBeGreaterThan(10)
        expect(auto).toBeGreaterThan(5)
      })
      it('some cases call for a card within the hour (a pre-review refusal without a reason)', () => {
        const byCase = byCaseNo(hour.filter((e) => e.caseNo))
        const anomalies = [...byCase.values()].flatMap((evs) => foldCase(stored(evs))?.anomalies ?? [])
        expect(anomalies.map((a) => a.rule)).toContain('returnedWithoutReason')
      })
    })
  }

  it('plans Saturday walk-ins in the morning, accepted on the spot, 即办件 concluded there; none on a holiday Saturday', () => {
    const day = localDayOf(local('2025-11-22T12:00:00'), 'Asia/Shanghai')
    const evs = sim.planDay(day)
    const walkIns = evs.filter((e) => e.kind === 'submitted' && e.body.channel === 'window')
    expect(walkIns.length).toBeGreaterThan(20)
    const byCase = byCaseNo(evs.filter((e) => e.caseNo))
    let concludedThere = 0
    for (const w of walkIns) {
      expect(w.occurredAt.slice(0, 10)).toBe('2025-11-22')
      expect(w.occurredAt.slice(11, 16) >= '09:00' && w.occurredAt.slice(11, 16) < '12:00', w.occurredAt).toBe(true)
      const c = byCase.get(w.caseNo!)!
      expect(c.find((e) => e.kind === 'accepted')!.occurredAt.slice(0, 10)).toBe('2025-11-22')
      if (c.some((e) => e.kind === 'concluded' && e.occurredAt.slice(0, 10) === '2025-11-22')) concludedThere++
    }
    expect(concludedThere).toBeGreaterThan(3)
    const holiday = sim.planDay(localDayOf(local('2025-10-04T12:00:00'), 'Asia/Shanghai'))
    expect(holiday.filter((e) => e.kind === 'submitted' && e.body.channel === 'window')).toEqual([])
    expect(holiday.filter((e) => e.kind === 'submitted').length).toBeGreaterThan(0)
  })

  it('a backfill up to a Saturday afternoon has acceptances and conclusions today, not only submissions', () => {
    const { past } = generateBackfill({ seed: 5, items, calendar, nowMs: SAT_AFTERNOON, days: 3 })
    const today = past.filter((e) => e.occurredAt.startsWith('2025-11-22'))
    const count = (k: string) => today.filter((e) => e.kind === k).length
    expect(count('accepted')).toBeGreaterThan(20)
    expect(count('concluded')).toBeGreaterThan(10)
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
