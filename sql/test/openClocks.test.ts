import { describe, expect, it } from 'vitest'
import { copyLineFields, parseClockLine, parseCopyLine } from '../openClocks.ts'

const cache = () => ({ clocks: new Map(), seps: [] as number[] })
/** A line as COPY's text format writes the one-column statement: tabs as `\t`, a backslash as `\\`. */
const copied = (fields: string[]) => fields.map((f) => f.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t')).join('\\t')
const stored = ['2026-11-10', '2026-11-10', '2026-11-11', '2026-11-17', 'warning', String(Date.parse('2026-11-10T16:00:00Z')), 'f']
const row = (caseNo: string, over: Record<number, string> = {}) => {
  const f = [caseNo, 'D1', '', 'Asia/Shanghai', '2026-11-02', '5', 'workday', '{2026-11-03,2026-11-09}', '{2026-11-04,NULL}', '{2026-11-05}', '{NULL}', ...stored]
  for (const [k, v] of Object.entries(over)) f[Number(k)] = v
  return f
}
describe('parseCopyLine', () => {
  it('reads a COPY line as parseClockLine reads the fields, sharing the inputs and the stored result of equal lines', () => {
    const c = cache()
    const text = `${copied(row('C1'))}\n${copied(row('C2', { 1: 'D2', 2: 'I9' }))}\n${copied(row('C3', { 5: '6', 11: '', 12: '', 13: '', 14: '', 16: '' }))}\n`
    const lines: [number, number][] = []
    for (let from = 0, nl = text.indexOf('\n'); nl !== -1; from = nl + 1, nl = text.indexOf('\n', from)) lines.push([from, nl])
    const [a, b, d] = lines.map(([from, to]) => parseCopyLine(text, from, to, c)!)
    const { inputsKey, ...rest } = a!
    expect(rest).toEqual(parseClockLine(row('C1').join('\t')))
    expect(inputsKey).toBe(copied(row('C1').slice(3, 18)))
    expect(b).toMatchObject({ caseNo: 'C2', departmentCode: 'D2', itemCode: 'I9' })
    expect(b!.excluded).toBe(a!.excluded)
    expect(b!.stored).toBe(a!.stored)
    // another limit: its own inputs; no deadline stored: no stored result
    const { inputsKey: k3, ...rest3 } = d!
    expect(rest3).toEqual(parseClockLine(row('C3', { 5: '6', 11: '', 12: '', 13: '', 14: '', 16: '' }).join('\t')))
    expect(k3).not.toBe(inputsKey)
    expect(d!.stored).toBeUndefined()
  })

  it('reads the item variant\'s own limits', () => {
    const f = [...row('C4'), '', 'workday', '20', 'day']
    const line = copied(f)
    const { inputsKey: _, ...c } = parseCopyLine(line, 0, line.length, cache())!
    expect(c).toEqual(parseClockLine(f.join('\t')))
    expect(c.own).toEqual({ promised: null, legal: { value: 20, unit: 'day' } })
  })

  it('leaves a line with another COPY escape to copyLineFields, which decodes it exactly', () => {
    const f = row('C\\t5\nX')
    const line = copied(f)
    expect(parseCopyLine(line, 0, line.length, cache())).toBeNull()
    expect(copyLineFields(line)).toEqual(f)
    expect(parseClockLine(copyLineFields(line).join('\t'))).toMatchObject({ caseNo: 'C\\t5\nX' })
    expect(copyLineFields(copied(row('C6')))).toEqual(row('C6'))
  })
})
