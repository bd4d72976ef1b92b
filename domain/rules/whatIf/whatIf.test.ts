import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../../calendar/cnWorkCalendar.ts'
import { computeDeadline } from '../../clock/computeDeadline.ts'
import { DEFAULT_LEVEL_SCHEME } from '../../clock/DEFAULT_LEVEL_SCHEME.ts'
import { overridesAfter, schemesAfter } from './applyChange.ts'
import type { OpenClock, RuleChange, ScopedScheme } from './types.ts'
import { whatIf } from './whatIf.ts'

const J = '440204'
const cal = cnWorkCalendar()
const clock = (caseNo: string, accepted: string, limit: number, over: Partial<OpenClock> = {}): OpenClock => ({
  caseNo, departmentCode: 'D1', itemCode: null, zone: 'Asia/Shanghai', accepted, limit, unit: 'workday', excluded: [], restarts: [], ...over,
})
const at = (iso: string) => Date.parse(iso)
const dayOff = (date: string): RuleChange => ({ kind: 'calendarOverride', jurisdictionCode: J, date, isWorkday: false })
const calAfter = (change: RuleChange) => cnWorkCalendar({ overrides: overridesAfter([], change, 'test') })

describe('whatIf', () => {
  it('names the cases a day off moves, with old and new deadline, and leaves the others out', () => {
    // 20 working days from Fri 20 Nov 2026 → Fri 18 Dec; a day off on Wed 2 Dec → Mon 21 Dec.
    const clocks = [clock('MOVES', '2026-11-20', 20), clock('STAYS', '2026-11-20', 2)]
    const r = whatIf({ jurisdictionCode: J, clocks, before: { calendar: cal, schemes: [] }, after: { calendar: calAfter(dayOff('2026-12-02')), schemes: [] }, nowMs: at('2026-11-25T10:00:00+08:00') })
    expect(r.moves.map((m) => [m.caseNo, m.before.deadlineDate, m.after.deadlineDate, m.after.level])).toEqual([['MOVES', '2026-12-18', '2026-12-21', 'normal']])
    expect(r.summary).toMatchObject({ scanned: 2, moved: 1, levelChanged: 0, transitions: {}, cards: { yellowIssued: 0, redIssued: 0, revoked: 0 }, unresolved: 0 })
    expect(r.summary.byDepartment).toEqual([{ departmentCode: 'D1', moved: 1, levelChanged: 0, yellowIssued: 0, redIssued: 0, revoked: 0 }])
    expect(r.moves[0]!.after.nextTransitionAt).toBe('2026-12-20T16:00:00.000Z') // warning from 00:00 21 Dec, Beijing
  })

  it('counts level changes and the overdue cards revoked when a day off pushes a yellow case back to warning', () => {
    // 2 working days from Fri 20 Nov → Tue 24 Nov; yellow from Wed 25. Day off on 24 Nov → deadline 25 Nov.
    const clocks = [clock('Y', '2026-11-20', 2, { departmentCode: 'D2' })]
    const r = whatIf({ jurisdictionCode: J, clocks, before: { calendar: cal, schemes: [] }, after: { calendar: calAfter(dayOff('2026-11-24')), schemes: [] }, nowMs: at('2026-11-25T10:00:00+08:00') })
    expect(r.moves[0]).toMatchObject({ moved: true, levelChanged: true, before: { level: 'yellow', deadlineDate: '2026-11-24' }, after: { level: 'warning', deadlineDate: '2026-11-25' } })
    expect(r.summary.transitions).toEqual({ 'yellow→warning': 1 })
    expect(r.summary.cards).toEqual({ yellowIssued: 0, redIssued: 0, revoked: 1 })
    expect(r.summary.byDepartment[0]).toMatchObject({ departmentCode: 'D2', levelChanged: 1, revoked: 1 })
  })

  it('applies scheme precedence: a department scheme with red on the 1st day raises red cards, an item scheme above it wins', () => {
    const clocks = [clock('A', '2026-11-20', 2), clock('B', '2026-11-20', 2, { itemCode: 'ITEM-X' }), clock('C', '2026-11-20', 2, { departmentCode: 'D9' })]
    const before: ScopedScheme[] = [{ scope: 'item', code: 'ITEM-X', ...DEFAULT_LEVEL_SCHEME }]
    const change: RuleChange = { kind: 'scheme', scope: 'department', code: 'D1', scheme: { warning: { offset: 0 }, yellow: 1, red: 1 } }
    const r = whatIf({ jurisdictionCode: J, clocks, before: { calendar: cal, schemes: before }, after: { calendar: cal, schemes: schemesAfter(before, change) }, nowMs: at('2026-11-25T10:00:00+08:00') })
    expect(r.moves.map((m) => `${m.caseNo}:${m.before.level}→${m.after.level}`)).toEqual(['A:yellow→red'])
    expect(r.summary.cards).toEqual({ yellowIssued: 0, redIssued: 1, revoked: 0 })
  })

  it('a scheme effective from a date moves only the cases accepted from it; the all-cases variant moves them all', () => {
    // both yellow under the default on 2026-11-25 (2 working days from 20 Nov / 19 Nov); red on the 1st day after: red
    const clocks = [clock('OLD', '2026-11-19', 2), clock('NEW', '2026-11-20', 2)]
    const scheme = { warning: { offset: 0 }, yellow: 1, red: 1 }
    const nowMs = at('2026-11-25T10:00:00+08:00')
    const run = (change: RuleChange) => whatIf({ jurisdictionCode: J, clocks, before: { calendar: cal, schemes: [] }, after: { calendar: cal, schemes: schemesAfter([], change) }, nowMs })
    const all = run({ kind: 'scheme', scope: 'department', code: 'D1', scheme })
    const dated = run({ kind: 'scheme', scope: 'department', code: 'D1', scheme, acceptedFrom: '2026-11-20' })
    expect(all.moves.map((m) => `${m.caseNo}:${m.before.level}→${m.after.level}`)).toEqual(['NEW:yellow→red', 'OLD:yellow→red'])
    expect(dated.moves.map((m) => `${m.caseNo}:${m.before.level}→${m.after.level}`)).toEqual(['NEW:yellow→red'])
    expect(dated.summary).toMatchObject({ scanned: 2, levelChanged: 1, transitions: { 'yellow→red': 1 }, cards: { yellowIssued: 0, redIssued: 1, revoked: 0 } })
  })

  it('counts the cards a switched-off overdue rule revokes, without a move', () => {
    const clocks = [clock('R', '2026-11-02', 2)] // red by 2026-11-25
    const change: RuleChange = { kind: 'scheme', scope: 'jurisdiction', code: J, scheme: { ...DEFAULT_LEVEL_SCHEME, overdueCards: false } }
    const r = whatIf({ jurisdictionCode: J, clocks, before: { calendar: cal, schemes: [] }, after: { calendar: cal, schemes: schemesAfter([], change) }, nowMs: at('2026-11-25T10:00:00+08:00') })
    expect(r.moves).toHaveLength(1)
    expect(r.moves[0]).toMatchObject({ moved: false, levelChanged: false })
    expect(r.summary.cards).toEqual({ yellowIssued: 0, redIssued: 0, revoked: 2 })
  })

  it('counts clocks the new calendar stops as unresolved (an open suspension now before the N-th day)', () => {
    // 5 working days from Mon 2 Nov: 3, 4, 5, 6, 9 Nov; suspended on 9 Nov (ignored: the limit is used up). 4 Nov off → N-th day 10 Nov: the suspension stops it.
    const clocks = [clock('FLIP', '2026-11-02', 5, { excluded: [['2026-11-09', null]] })]
    const r = whatIf({ jurisdictionCode: J, clocks, before: { calendar: cal, schemes: [] }, after: { calendar: calAfter(dayOff('2026-11-04')), schemes: [] }, nowMs: at('2026-11-25T10:00:00+08:00') })
    expect(r.summary.unresolved).toBe(1)
    expect(r.moves).toEqual([])
  })

  it('agrees with computeDeadline case by case on random clocks (counts and per-case results)', () => {
    let seed = 19
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const day = (base: string, n: number) => new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
    const clocks: OpenClock[] = []
    for (let i = 0; i < 800; i++) {
      const accepted = day('2026-09-01', Math.floor(rnd() * 100))
      const excluded: [string, string | null][] = rnd() < 0.3 ? [[day(accepted, 1 + Math.floor(rnd() * 5)), day(accepted, 7 + Math.floor(rnd() * 10))]] : []
      const restarts: [string, string | null][] = rnd() < 0.2 ? [[day(accepted, 1 + Math.floor(rnd() * 3)), day(accepted, 4 + Math.floor(rnd() * 6))]] : []
      clocks.push(clock(`R${String(i).padStart(4, '0')}`, accepted, Math.floor(rnd() * 30), { unit: rnd() < 0.7 ? 'workday' : 'day', departmentCode: `D${i % 4}`, excluded, restarts }))
    }
    const change = dayOff('2026-11-18')
    const after = calAfter(change)
    const nowMs = at('2026-12-01T09:00:00+08:00')
    const r = whatIf({ jurisdictionCode: J, clocks, before: { calendar: cal, schemes: [] }, after: { calendar: after, schemes: [] }, nowMs })
    let moved = 0
    let levelChanged = 0
    for (const c of clocks) {
      const input = { accepted: c.accepted, limit: c.limit, unit: c.unit, zone: c.zone, now: nowMs, suspensions: c.excluded.map(([from, to]) => ({ from, to })), supplements: c.restarts.map(([requested, supplied]) => ({ requested, supplied })) }
      const b = computeDeadline(input, cal)
      const a = computeDeadline(input, after)
      if (a.status !== 'running' || b.status !== 'running') continue
      const m = r.moves.find((x) => x.caseNo === c.caseNo)
      if (a.deadlineDate !== b.deadlineDate || a.yellowFrom !== b.yellowFrom || a.redFrom !== b.redFrom || a.warningFrom !== b.warningFrom) moved += 1
      if (a.level !== b.level) levelChanged += 1
      if (m) expect([m.after.deadlineDate, m.after.level, m.after.nextTransitionAt]).toEqual([a.deadlineDate, a.level, a.nextTransitionAt])
    }
    expect(moved).toBeGreaterThan(50)
    expect(r.summary.moved).toBe(moved)
    expect(r.summary.levelChanged).toBe(levelChanged)
    expect(r.summary.byDepartment.reduce((s, d) => s + d.moved, 0)).toBe(moved)
    expect(Object.values(r.summary.transitions).reduce((s, n) => s + n, 0)).toBe(levelChanged)
  })
})
