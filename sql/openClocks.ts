/**
 * The open running clocks a rule change can move, streamed from PostgreSQL (issue 19 "preview
 * before save"): `COPY (rule_preview_clocks.sql) TO STDOUT`, one tab-separated text per case,
 * parsed line by line as the chunks arrive and handed to the caller at once — the what-if computes
 * while the server is still reading and sending, no array of a million clocks is held, and no row
 * object is built per case (the plain query spent most of its time in row decoding).
 */
import { StringDecoder } from 'node:string_decoder'
import type pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import type { Level, LimitUnit } from '../domain/clock/types.ts'
import type { ClockOutcome, OpenClock, OwnLimits } from '../domain/rules/whatIf/types.ts'
import { sql } from './queries.ts'

type Db = pg.ClientBase | pg.Pool

/** The cases a read covers: a jurisdiction, optionally one department or one item. */
export interface ClockScope {
  jurisdictionCode: string
  departmentCode: string | null
  itemCode: string | null
}

function orNull(s: string): string | null {
  return s === '' ? null : s
}

/** `{2026-11-02,NULL}` → ['2026-11-02', null]; '' → []. */
function dateArray(text: string): (string | null)[] {
  if (text === '' || text === '{}') return []
  return text.slice(1, -1).split(',').map((d) => (d === 'NULL' ? null : d))
}

/**
 * One line of rule_preview_clocks.sql (fields split on tabs) as an open clock with its stored
 * result.
 */
export function parseClockFields(f: readonly string[]): OpenClock {
  const base = {
    caseNo: f[0]!,
    departmentCode: f[1]!,
    itemCode: orNull(f[2]!),
    zone: f[3]!,
    accepted: f[4]!,
    limit: Number(f[5]),
    unit: f[6] as LimitUnit,
    excluded: f[7] === '' ? [] : pairs(dateArray(f[7]!), dateArray(f[8]!)),
    restarts: f[9] === '' ? [] : pairs(dateArray(f[9]!), dateArray(f[10]!)),
    ...(f.length >= 22 ? { own: ownLimits(f[18]!, f[19]!, f[20]!, f[21]!) } : {}),
  }
  // rows the recompute has not filled yet (no deadline) are computed on both sides
  if (f[11] === '') return base
  const stored: ClockOutcome = {
    deadlineDate: f[11]!, warningFrom: orNull(f[12]!), yellowFrom: orNull(f[13]!), redFrom: orNull(f[14]!), level: f[15] as Level,
    nextTransitionAt: f[16] === '' ? null : new Date(Number(f[16])).toISOString(), overdueCards: f[17] === 't',
  }
  return { ...base, stored }
}

function pairs(a: (string | null)[], b: (string | null)[]): (readonly [string, string | null])[] {
  return a.map((x, i) => [x ?? '', b[i] ?? null] as const)
}

/** One line of rule_preview_clocks.sql as an open clock with its stored result. */
export function parseClockLine(line: string): OpenClock {
  return parseClockFields(line.split('\t'))
}

/** What the lines of one read share: clock inputs with their stored result, by their text. */
interface LineCache {
  clocks: Map<string, { inputs: Pick<OpenClock, 'zone' | 'accepted' | 'limit' | 'unit' | 'excluded' | 'restarts'>; stored: ClockOutcome | undefined }>
  seps: number[]
}

const newCache = (): LineCache => ({ clocks: new Map(), seps: [] })
const CACHE_MAX = 200_000

/**
 * One COPY line `text[from, to)` as an open clock, without splitting it into a string per field:
 * the clock's inputs (fields 3–10) with its stored result (11–17) are parsed once per distinct
 * text and shared; `inputsKey` is that text (the what-if's memo hint). `null` when the line holds a COPY
 * escape other than the field separator `\t` (the caller then decodes it: `copyLineFields`).
 */
export function parseCopyLine(text: string, from: number, to: number, cache: LineCache): OpenClock | null {
  const sep = cache.seps
  sep.length = 0
  for (let i = text.indexOf('\\', from); i !== -1 && i < to; i = text.indexOf('\\', i + 2)) {
    if (text.charCodeAt(i + 1) !== 116) return null
    sep.push(i)
  }
  if (sep.length !== 17 && sep.length !== 21) return null
  const inputsKey = text.slice(sep[2]! + 2, sep.length === 17 ? to : sep[17])
  let shared = cache.clocks.get(inputsKey)
  if (shared === undefined) {
    const f = ['', '', '']
    for (let k = 3; k <= 17; k++) f.push(field(text, from, to, sep, k))
    const c = parseClockFields(f)
    shared = { inputs: { zone: c.zone, accepted: c.accepted, limit: c.limit, unit: c.unit, excluded: c.excluded, restarts: c.restarts }, stored: c.stored }
    if (cache.clocks.size < CACHE_MAX) cache.clocks.set(inputsKey, shared)
  }
  const { inputs, stored } = shared
  const item = field(text, from, to, sep, 2)
  return {
    caseNo: field(text, from, to, sep, 0), departmentCode: field(text, from, to, sep, 1), itemCode: item === '' ? null : item,
    zone: inputs.zone, accepted: inputs.accepted, limit: inputs.limit, unit: inputs.unit, excluded: inputs.excluded, restarts: inputs.restarts, inputsKey,
    // one object shape for every line (no spreads): absent parts are undefined
    own: sep.length === 21 ? ownLimits(field(text, from, to, sep, 18), field(text, from, to, sep, 19), field(text, from, to, sep, 20), field(text, from, to, sep, 21)) : undefined,
    stored,
  }
}

/** Field k of the line `text[from, to)` whose separators are at `sep`. */
function field(text: string, from: number, to: number, sep: readonly number[], k: number): string {
  return text.slice(k === 0 ? from : sep[k - 1]! + 2, k < sep.length ? sep[k] : to)
}

function ownLimits(pv: string, pu: string, lv: string, lu: string): OwnLimits {
  return { promised: pv === '' ? null : { value: Number(pv), unit: pu as LimitUnit }, legal: lv === '' ? null : { value: Number(lv), unit: lu as LimitUnit } }
}

/** A backslash that does not start `\t`: the line holds another COPY escape (a rare value with `\` or a control character). */
const OTHER_ESCAPE = /\\[^t]/
const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' }

/**
 * The fields of one line of COPY's text output of the one-column statement: its tabs come out as
 * the two characters `\t`, a backslash as `\\`, newlines and other controls as `\n`, `\r`, …
 * (PostgreSQL's COPY text format), so the line is exact to split once its escapes are undone.
 */
export function copyLineFields(line: string): string[] {
  if (!OTHER_ESCAPE.test(line)) return line.split('\\t')
  return line.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c).split('\t')
}

/**
 * Streams the open running clocks in scope (what the set-based recompute recomputes) with their
 * stored result to `onClock`, as they arrive; `withOwnLimits` (an item scope) adds the limits the
 * cases stated themselves (rule_preview_clocks_item.sql). Works on a pool or on a client inside
 * the caller's transaction (the save's); resolves with the number of clocks once all are handed.
 */
export async function streamOpenClocks(db: Db, scope: ClockScope, withOwnLimits: boolean, onClock: (c: OpenClock) => void): Promise<number> {
  const pooled = 'totalCount' in db
  const client = pooled ? await (db as pg.Pool).connect() : (db as pg.ClientBase)
  let failed: unknown = undefined
  try {
    const ofItem = withOwnLimits && scope.itemCode !== null
    await client.query(sql('rule_preview_scope'), [scope.jurisdictionCode, ofItem ? null : scope.departmentCode, scope.itemCode])
    const stream = client.query(copyTo(`COPY (${sql(ofItem ? 'rule_preview_clocks_item' : 'rule_preview_clocks')}) TO STDOUT`))
    const decoder = new StringDecoder('utf8')
    const cache = newCache()
    let carry = ''
    let n = 0
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = carry + decoder.write(chunk)
      let from = 0
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
        onClock(parseCopyLine(text, from, nl, cache) ?? parseClockFields(copyLineFields(text.slice(from, nl))))
        n += 1
        from = nl + 1
      }
      carry = text.slice(from)
    }
    if (carry + decoder.end() !== '') throw new Error('COPY of the open clocks ended inside a line')
    return n
  } catch (err) {
    failed = err
    throw err
  } finally {
    // a connection left inside an interrupted COPY is not given back to the pool
    if (pooled) (client as pg.PoolClient).release(failed instanceof Error ? failed : undefined)
  }
}
