import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../../calendar/cnWorkCalendar.ts'
import { DEFAULT_LEVEL_SCHEME } from '../../clock/DEFAULT_LEVEL_SCHEME.ts'
import { overridesAfter, schemesAfter } from './applyChange.ts'
import { clockOutcome } from './clockOutcome.ts'
import { outcomeMemo } from './outcomeMemo.ts'
import type { OpenClock, RuleChange, ScopedScheme } from './types.ts'
import { whatIf, whatIfAccumulator } from './whatIf.ts'

const J = '440204'
const cal = cnWorkCalendar()
const NOW = Date.parse('2026-11-25T10:00:00+08:00')

// small pools, so that random clocks share inputs (what the memo is for) and differ in the rest
const DATES = ['2026-10-30', '2026-11-02', '2026-11-06', '2026-11-13', '2026-11-18', '2026-11-20']
const DAYS = ['2026-11-03', '2026-11-05', '2026-11-10', '2026-11-18', '2026-11-24', '2026-11-27', '2026-12-01']
const range = fc.tuple(fc.constantFrom(...DAYS.slice(0, 4)), fc.option(fc.constantFrom(...DAYS.slice(3)), { nil: null }))
const clockArb: fc.Arbitrary<OpenClock> = fc.record({
  caseNo: fc.string({ minLength: 1, maxLength: 6 }),
  departmentCode: fc.constantFrom('D1', 'D2', 'D3'),
  itemCode: fc.constantFrom(null, 'I1', 'I2'),
  zone: fc.constant('Asia/Shanghai'),
  accepted: fc.constantFrom(...DATES),
  limit: fc.constantFrom(0, 2, 5, 9),
  unit: fc.constantFrom('workday' as const, 'day' as const),
  excluded: fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(range, { minLength: 1, maxLength: 2 }), weight: 1 }),
  restarts: fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(range, { minLength: 1, maxLength: 1 }), weight: 1 }),
}).chain((c) => fc.option(fc.constantFrom('h1', 'h2', 'h3'), { nil: null }).map((h): OpenClock => (h === null ? c : { ...c, inputsKey: h })))
const schemeValue = fc.record({
  warning: fc.oneof(fc.record({ offset: fc.integer({ min: -3, max: 0 }) }), fc.record({ share: fc.constantFrom(0.5, 0.8, 1) })),
  yellow: fc.integer({ min: 1, max: 2 }),
  red: fc.integer({ min: 2, max: 5 }),
  overdueCards: fc.boolean(),
})
const scoped: fc.Arbitrary<ScopedScheme> = fc.record({
  scope: fc.constantFrom('jurisdiction' as const, 'department' as const, 'item' as const),
  code: fc.constantFrom(J, 'D1', 'D2', 'I1'),
  acceptedFrom: fc.option(fc.constantFrom(...DATES), { nil: null }),
}).chain((s) => schemeValue.map((v) => ({ ...s, ...v })))
const changeArb: fc.Arbitrary<RuleChange> = fc.oneof(
  fc.record({ kind: fc.constant('calendarOverride' as const), jurisdictionCode: fc.constant(J), date: fc.constantFrom(...DAYS), isWorkday: fc.constantFrom(true, false, null) }),
  fc.record({
    kind: fc.constant('scheme' as const), scope: fc.constantFrom('department' as const, 'item' as const), code: fc.constantFrom('D1', 'I1'),
    scheme: fc.option(schemeValue, { nil: null }), acceptedFrom: fc.option(fc.constantFrom(...DATES), { nil: null }),
  }),
)

describe('outcomeMemo', () => {
  it('answers the engine\'s outcome, one shared object for clocks that differ only in case and department', () => {
    const eff = { scheme: DEFAULT_LEVEL_SCHEME, overdueCards: true }
    const outcome = outcomeMemo(cal, NOW)
    const a: OpenClock = { caseNo: 'A', departmentCode: 'D1', itemCode: null, zone: 'Asia/Shanghai', accepted: '2026-11-02', limit: 10, unit: 'workday', excluded: [], restarts: [] }
    const first = outcome(a, eff)
    expect(first).toEqual(clockOutcome(a, cal, eff, NOW))
    expect(outcome({ ...a, caseNo: 'B', departmentCode: 'D2' }, eff)).toBe(first)
    // any input that counts gives its own outcome
    const longer = { ...a, limit: 11 }
    expect(outcome(longer, eff)).toEqual(clockOutcome(longer, cal, eff, NOW))
    expect(outcome(longer, eff).deadlineDate).not.toBe(first.deadlineDate)
    const calendarDays = { ...a, unit: 'day' as const }
    expect(outcome(calendarDays, eff)).toEqual(clockOutcome(calendarDays, cal, eff, NOW))
    expect(outcome(calendarDays, eff).deadlineDate).not.toBe(first.deadlineDate)
    const suspended = { ...a, excluded: [['2026-11-03', '2026-11-05']] as const }
    expect(outcome(suspended, eff)).toEqual(clockOutcome(suspended, cal, eff, NOW))
    expect(outcome(suspended, eff).deadlineDate).not.toBe(first.deadlineDate)
    const strict = { scheme: { warning: { offset: 0 }, yellow: 1, red: 1 }, overdueCards: false }
    expect(outcome(a, strict)).toEqual(clockOutcome(a, cal, strict, NOW))
    expect(outcome(a, strict).overdueCards).toBe(false)
    // a hint shared by clocks with different inputs is checked, not trusted
    const hinted = outcomeMemo(cal, NOW)
    expect(hinted({ ...a, inputsKey: 'same' }, eff)).toEqual(first)
    expect(hinted({ ...longer, inputsKey: 'same' }, eff)).toEqual(clockOutcome(longer, cal, eff, NOW))
    expect(hinted({ ...suspended, inputsKey: 'same' }, eff)).toEqual(clockOutcome(suspended, cal, eff, NOW))
    expect(hinted({ ...a, caseNo: 'C', inputsKey: 'same' }, eff)).toBe(hinted({ ...a, inputsKey: 'same' }, eff))
  })

  it('property: the memoised what-if equals the straightforward one (every clock computed) over random cases and changes, whatever the inputs hints say', () => {
    fc.assert(
      fc.property(fc.array(clockArb, { maxLength: 80 }), fc.array(scoped, { maxLength: 3 }), changeArb, fc.boolean(), (clocks, schemes, change, withStored) => {
        const calAfter = change.kind === 'calendarOverride' ? cnWorkCalendar({ overrides: overridesAfter([], change, 't') }) : cal
        const effStored = { scheme: DEFAULT_LEVEL_SCHEME, overdueCards: true }
        // stored outcomes (as read from case_clocks) for some clocks: the "before" side is taken from them
        const cs = withStored ? clocks.map((c, i) => (i % 2 === 0 ? { ...c, stored: clockOutcome(c, cal, effStored, NOW) } : c)) : clocks
        const rules = { jurisdictionCode: J, before: { calendar: cal, schemes }, after: { calendar: calAfter, schemes: schemesAfter(schemes, change) }, nowMs: NOW }
        const fast = whatIf({ ...rules, clocks: cs })
        const straight = whatIf({ ...rules, clocks: cs, memo: false })
        expect(fast).toEqual(straight)
        // fed one at a time, in reverse, the accumulator answers the same
        const acc = whatIfAccumulator(rules)
        for (const c of [...cs].reverse()) acc.add(c)
        expect(acc.result().summary).toEqual(straight.summary)
      }),
      { numRuns: 300 },
    )
  })
})
