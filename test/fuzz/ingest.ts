/**
 * A seeded property-based fuzzer of POST /api/v1/events (JSON and XML), shared by the test
 * (`server/test/fuzz.test.ts`, a few thousand cases) and `npm run fuzz` (the long form).
 *
 * Each case is one request built from valid events of the fixtures, some mutated (unstorable or
 * hostile text, wrong types, missing and extra fields, prototype keys, huge and deeply nested
 * values, envelope damage, repeats), in batches of 1–20 and now and then of exactly 1,000 or 1,001,
 * sent as JSON or XML, in UTF-8 or GBK, or damaged as a whole (bytes that are not UTF-8, an
 * unknown charset, a DTD or entity, deep XML, truncated or empty bodies, other top-level types).
 *
 * Checked for every case (`checkIngestCase`):
 *   * never a 5xx;
 *   * a 202 reports one result per event; each event expected valid is accepted (or a duplicate of
 *     an earlier one of the batch) and stored exactly once with the body it was sent with; each one
 *     expected invalid is rejected with a catalogue code and a message; nothing else is stored;
 *   * a 4xx stores nothing and carries a catalogue code.
 */
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { ERRORS } from '../../domain/errors.ts'
import { caseLifecycle, petitionLifecycle, type RawEvent } from '../../domain/events/fixtures.ts'
import { isInvalidText } from '../../domain/events/findInvalidText.ts'
import { encodeGbk } from '../gbk.ts'
import { eventsToXml } from '../xml.ts'
import { hostileText, unstorableText } from './text.ts'

export type Expect = 'valid' | 'invalid' | 'either'

export type Mutation =
  | { t: 'none' }
  | { t: 'text'; leaf: number; text: string } // valid hostile text into a body string
  | { t: 'unstorable'; leaf: number; text: string } // NUL / lone surrogate into a body string
  | { t: 'wrongType'; leaf: number; value: unknown }
  | { t: 'drop'; leaf: number }
  | { t: 'extra'; key: string; value: unknown }
  | { t: 'protoKey'; key: '__proto__' | 'constructor' }
  | { t: 'deep'; depth: number }
  | { t: 'huge'; leaf: number; size: number }
  | { t: 'envelope'; field: 'eventId' | 'occurredAt' | 'kind' | 'departmentCode' | 'caseNo' | 'source' | 'petitionNo'; value: string | number | null }
  | { t: 'repeat' } // the previous event of the batch again (same eventId)

export interface IngestCase {
  format: 'json' | 'xml'
  templates: number[]
  mutations: Mutation[]
  /** 'exact1000' and 'over1000' fill the batch with valid events to that size. */
  size: 'small' | 'exact1000' | 'over1000'
  encoding: 'utf8' | 'gbk' | 'gb18030-label' | 'bom'
  damage: 'none' | 'badBytes' | 'unknownCharset' | 'dtd' | 'entity' | 'deepXml' | 'truncate' | 'empty' | 'emptyArray' | 'topLevel' | 'single'
  topLevel: unknown
}

const STRING_LEAVES = 8

/** Valid templates: every event kind, Chinese text, personal data. */
function templates(caseNo: string, petitionNo: string, dept: string): RawEvent[] {
  const t0 = Date.UTC(2025, 9, 9, 1)
  return [...caseLifecycle(caseNo, dept, t0, { supplement: true, suspend: true, fee: 120 }), ...petitionLifecycle(petitionNo, dept, t0)]
}
const TEMPLATE_COUNT = templates('C', 'P', 'D').length

const leafArb = fc.nat({ max: STRING_LEAVES - 1 })
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 24, arbitrary: fc.constant({ t: 'none' as const }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('text' as const), leaf: leafArb, text: hostileText(40).filter((s) => s.length > 0) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('unstorable' as const), leaf: leafArb, text: unstorableText }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('wrongType' as const), leaf: leafArb, value: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 })) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('drop' as const), leaf: leafArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('extra' as const), key: fc.constantFrom('extra', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '$where', ''), value: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('protoKey' as const), key: fc.constantFrom('__proto__' as const, 'constructor' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deep' as const), depth: fc.oneof(fc.integer({ min: 17, max: 100 }), fc.integer({ min: 100, max: 100_000 })) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('huge' as const), leaf: leafArb, size: fc.integer({ min: 10_000, max: 30_000 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('envelope' as const),
      field: fc.constantFrom('eventId' as const, 'occurredAt' as const, 'kind' as const, 'departmentCode' as const, 'caseNo' as const, 'source' as const, 'petitionNo' as const),
      value: fc.oneof(hostileText(30), unstorableText, fc.constantFrom('', ' ', '2025-02-30T10:00:00+08:00', '2099-01-01T00:00:00Z', '1999-01-01T00:00:00Z', 'toString', '__proto__', 'NOPE', 'x'.repeat(300)), fc.integer(), fc.constant(null)),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ t: 'repeat' as const }) },
)

export const ingestCaseArb: fc.Arbitrary<IngestCase> = fc
  .record({
    format: fc.constantFrom('json' as const, 'json' as const, 'xml' as const),
    n: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 20 })),
    size: fc.oneof({ weight: 400, arbitrary: fc.constant('small' as const) }, { weight: 1, arbitrary: fc.constant('exact1000' as const) }, { weight: 1, arbitrary: fc.constant('over1000' as const) }),
    encoding: fc.oneof({ weight: 8, arbitrary: fc.constant('utf8' as const) }, { weight: 1, arbitrary: fc.constant('gbk' as const) }, { weight: 1, arbitrary: fc.constant('gb18030-label' as const) }, { weight: 1, arbitrary: fc.constant('bom' as const) }),
    damage: fc.oneof(
      { weight: 30, arbitrary: fc.constant('none' as const) },
      { weight: 1, arbitrary: fc.constantFrom('badBytes' as const, 'unknownCharset' as const, 'dtd' as const, 'entity' as const, 'deepXml' as const, 'truncate' as const, 'empty' as const, 'emptyArray' as const, 'topLevel' as const, 'single' as const) },
    ),
    topLevel: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.boolean(), fc.constant({}), fc.array(fc.integer(), { maxLength: 3 })),
    seeds: fc.array(fc.tuple(fc.nat({ max: TEMPLATE_COUNT - 1 }), mutationArb), { minLength: 20, maxLength: 20 }),
  })
  .map(({ format, n, size, encoding, damage, topLevel, seeds }) => ({
    format,
    size,
    encoding,
    damage,
    topLevel,
    templates: seeds.slice(0, n).map((s) => s[0]),
    mutations: seeds.slice(0, n).map((s) => s[1]),
  }))

/** The paths of string leaves of a body, in a stable order. */
function stringLeaves(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof v === 'string') out.push(path)
  else if (Array.isArray(v)) v.forEach((x, i) => stringLeaves(x, [...path, i], out))
  else if (v && typeof v === 'object') for (const k of Object.keys(v).sort()) stringLeaves((v as Record<string, unknown>)[k], [...path, k], out)
  return out
}
function setAt(obj: Record<string, unknown>, path: (string | number)[], value: unknown, drop = false): void {
  let o: Record<string | number, unknown> = obj
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (drop) {
    if (Array.isArray(o)) o.splice(last as number, 1)
    else delete o[last]
  } else o[last] = value
}

interface Built {
  events: (Record<string, unknown> | unknown)[]
  expect: Expect[]
  /** The request as a whole must be a 4xx (nothing stored). */
  must4xx: boolean
  contentType: string
  payload: Buffer | string
  caseNos: string[]
  petitionNos: string[]
  xmlSurrogateLoss: boolean
}

/** Applies one mutation; says whether the event stays valid, becomes invalid, or either. */
function mutate(ev: Record<string, unknown> & { body: Record<string, unknown> }, m: Mutation, format: 'json' | 'xml', prev: Record<string, unknown> | null): { ev: Record<string, unknown>; expect: Expect; requestLevel4xx?: boolean } {
  const body = ev.body
  const leaves = stringLeaves(body)
  const leaf = (i: number) => (leaves.length === 0 ? null : leaves[i % leaves.length]!)
  switch (m.t) {
    case 'none':
      return { ev, expect: 'valid' }
    case 'text': {
      const p = leaf(m.leaf)
      if (!p) return { ev, expect: 'valid' }
      setAt(body, p, m.text)
      return { ev, expect: 'either' } // an enum field becomes invalid, free text stays valid
    }
    case 'unstorable': {
      const p = leaf(m.leaf)
      if (!p) return { ev, expect: 'valid' }
      setAt(body, p, m.text)
      // XML travels as UTF-8 text: a lone surrogate is already U+FFFD in the client's bytes
      const onlySurrogates = !m.text.includes('\u0000')
      return { ev, expect: format === 'xml' && onlySurrogates ? 'either' : 'invalid' }
    }
    case 'wrongType': {
      const p = leaf(m.leaf)
      if (!p || (format === 'xml' && m.value !== null && typeof m.value === 'object')) return { ev, expect: 'valid' }
      setAt(body, p, m.value)
      return { ev, expect: format === 'xml' ? 'either' : 'invalid' } // XML has only text
    }
    case 'drop': {
      const p = leaf(m.leaf)
      if (!p) return { ev, expect: 'valid' }
      setAt(body, p, undefined, true)
      return { ev, expect: 'either' }
    }
    case 'extra':
      if (format === 'xml' && !/^[A-Za-z_][\w.-]*$/.test(m.key)) return { ev, expect: 'valid' }
      Object.defineProperty(body, m.key, { value: m.value, enumerable: true, writable: true, configurable: true })
      return { ev, expect: format === 'xml' && m.key === '' ? 'either' : 'invalid' }
    case 'protoKey':
      if (format === 'xml') {
        body[m.key === '__proto__' ? 'proto' : 'constructor'] = 'x'
        return { ev, expect: 'invalid' }
      }
      // JSON: the body parser refuses prototype poisoning for the whole request (400)
      return { ev: { ...ev, body: JSON.parse(`{"${m.key}": ${m.key === 'constructor' ? '{"prototype": {"polluted": 1}}' : '{"polluted": 1}'}}`) }, expect: 'invalid', requestLevel4xx: true }
    case 'deep': {
      if (format === 'xml') {
        let v: unknown = 'x'
        for (let i = 0; i < Math.min(m.depth, 40); i++) v = { Item: v }
        body.nested = v
      } else body.nested = `${DEEP_MARK}${m.depth}` // spliced into the JSON text (JSON.stringify would overflow the stack)
      return { ev, expect: 'invalid', ...(format === 'xml' ? { requestLevel4xx: true } : {}) }
    }
    case 'huge': {
      const p = leaf(m.leaf)
      if (!p) return { ev, expect: 'valid' }
      setAt(body, p, '张'.repeat(m.size))
      return { ev, expect: 'invalid' }
    }
    case 'envelope': {
      if (format === 'xml' && typeof m.value !== 'string') return { ev, expect: 'valid' }
      if (m.field === 'caseNo' || m.field === 'petitionNo') {
        // only values that cannot be a valid number: the fuzzer finds stored events by their numbers
        const v = typeof m.value === 'string' ? `${m.value} \u0000`.slice(0, 80) : m.value
        ev[m.field] = v
        return { ev, expect: 'invalid' }
      }
      if (m.field === 'eventId') {
        // keep the id findable: the request's prefix, then hostile characters
        ev.eventId = typeof m.value === 'string' ? `${ev.eventId as string}${m.value}` : m.value
        // XML trims values (trimValues): the id it stores is the trimmed one
        const id = typeof ev.eventId === 'string' && format === 'xml' ? ev.eventId.trim() : ev.eventId
        if (format === 'xml') ev.eventId = id
        return { ev, expect: typeof id === 'string' && /^[\x21-\x7e]{1,128}$/.test(id) ? 'valid' : format === 'xml' ? 'either' : 'invalid' }
      }
      if (format === 'xml' && m.field === 'source') return { ev, expect: 'valid' } // XML takes the source from <Head> only
      ev[m.field] = m.value
      return { ev, expect: 'either' }
    }
    case 'repeat':
      return prev ? { ev: structuredClone(prev), expect: 'either' } : { ev, expect: 'valid' }
  }
}

let requestNo = 0
const DEEP_MARK = '\u2063deep:'
const spliceDeep = (json: string): string =>
  json.replace(/"\u2063deep:(\d+)"/g, (_m, d: string) => `${'['.repeat(Number(d))}"x"${']'.repeat(Number(d))}`)

/** Builds the request of a case; ids are unique per process (`tag` keeps runs apart). */
export function buildIngestRequest(c: IngestCase, depts: readonly string[], tag: string): Built {
  const n = ++requestNo
  const caseNos = [0, 1, 2].map((k) => `FZ${tag}-${n}-${k}`)
  const petitionNos = [0, 1].map((k) => `FP${tag}-${n}-${k}`)
  let events: Record<string, unknown>[] = []
  const expect: Expect[] = []
  let must4xx = false
  let xmlSurrogateLoss = false
  const count = c.size === 'exact1000' ? 1000 : c.size === 'over1000' ? 1001 : c.templates.length
  for (let i = 0; i < count; i++) {
    const tIdx = c.templates[i % c.templates.length]!
    const m = i < c.templates.length ? c.mutations[i]! : { t: 'none' as const }
    const all = templates(caseNos[i % 3]!, petitionNos[i % 2]!, depts[i % depts.length]!)
    const base = structuredClone(all[tIdx]!) as unknown as Record<string, unknown> & { body: Record<string, unknown> }
    base.eventId = `FE${tag}-${n}-${i}`
    const r = mutate(base, m, c.format, events[events.length - 1] ?? null)
    if (r.requestLevel4xx) must4xx = true
    if (m.t === 'unstorable' && c.format === 'xml') xmlSurrogateLoss = true
    events.push(r.ev as Record<string, unknown>)
    expect.push(r.expect)
  }
  if (count > 1000) must4xx = true
  let text: string
  let contentType = c.format === 'json' ? 'application/json' : 'application/xml'
  if (c.format === 'json') {
    let top: unknown = events.length === 1 && c.damage === 'single' ? events[0] : events
    if (c.damage === 'emptyArray') {
      top = []
      events = []
      must4xx = true
    }
    if (c.damage === 'topLevel') {
      top = c.topLevel
      events = []
      must4xx = true
    }
    text = spliceDeep(JSON.stringify(top))
  } else {
    text = eventsToXml(events as unknown as RawEvent[], 'test-source')
    if (c.damage === 'emptyArray') {
      text = '<?xml version="1.0"?><Package><Head/><Body/></Package>'
      events = []
      must4xx = true
    }
    if (c.damage === 'topLevel') {
      text = `<${typeof c.topLevel === 'string' && /^[A-Za-z]\w*$/.test(c.topLevel) ? c.topLevel : 'Other'}/>`
      events = []
      must4xx = true
    }
  }
  switch (c.damage) {
    case 'dtd':
      text = text.replace(/^(<\?xml[^>]*\?>)?/, '$1<!DOCTYPE Package [<!ELEMENT Package ANY>]>')
      must4xx = true
      break
    case 'entity':
      text = text.replace(/^(<\?xml[^>]*\?>)?/, '$1<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>')
      must4xx = true
      break
    case 'deepXml':
      if (c.format === 'xml') {
        text = text.replace('<Body>', `<Body>${'<X>'.repeat(40)}${'</X>'.repeat(40)}`)
        must4xx = true
      }
      break
    case 'truncate':
      text = text.slice(0, Math.max(1, Math.floor(text.length / 2)))
      must4xx = true
      break
    case 'empty':
      text = ''
      must4xx = true
      break
  }
  let payload: Buffer
  if (c.encoding === 'gbk' || c.encoding === 'gb18030-label') {
    try {
      payload = encodeGbk(text)
      contentType += `; charset=${c.encoding === 'gbk' ? 'GBK' : 'gb18030'}`
    } catch {
      payload = Buffer.from(text, 'utf8') // a character outside GBK: sent as UTF-8
    }
  } else if (c.encoding === 'bom') payload = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
  else payload = Buffer.from(text, 'utf8')
  if (c.damage === 'badBytes') {
    const at = Math.floor(payload.length / 2)
    payload = Buffer.concat([payload.subarray(0, at), Buffer.from([0xff, 0xc0, 0xaf, 0x80]), payload.subarray(at)])
    must4xx = true
  }
  if (c.damage === 'unknownCharset') {
    contentType = `${contentType.split(';')[0]}; charset=${['latin1', 'utf-16', 'koi8-r', 'x-unknown'][n % 4]}`
    must4xx = true
  }
  if (payload.length > 5 * 1024 * 1024) must4xx = true
  return { events, expect, must4xx, contentType, payload, caseNos, petitionNos, xmlSurrogateLoss }
}

export interface Violation {
  kind: '5xx' | 'half-stored' | 'contract'
  message: string
}

interface Result { index: number; eventId: string | null; status: string; code?: string; message?: string }

const storable = (s: unknown): s is string => typeof s === 'string' && !isInvalidText(s)

/** Sends one case and checks every invariant; returns the first violation, or null. */
export async function checkIngestCase(app: FastifyInstance, pool: pg.Pool, key: string, c: IngestCase, depts: readonly string[], tag: string): Promise<Violation | null> {
  const b = buildIngestRequest(c, depts, tag)
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': key, 'content-type': b.contentType }, payload: b.payload })
  const { rows } = await pool.query<{ event_id: string; body: unknown; n: number }>(
    'SELECT event_id, body, count(*) OVER (PARTITION BY event_id)::int AS n FROM events WHERE case_no = ANY($1) OR petition_no = ANY($2)',
    [b.caseNos, b.petitionNos],
  )
  const storedIds = new Map(rows.map((r) => [r.event_id, r]))
  if (res.statusCode >= 500) return { kind: '5xx', message: `${res.statusCode} ${res.body.slice(0, 300)}` }
  let body: { code?: string; accepted?: number; results?: Result[] }
  try {
    body = res.json()
  } catch {
    return { kind: 'contract', message: `${res.statusCode} answer is not JSON: ${res.body.slice(0, 200)}` }
  }
  if (res.statusCode !== 202) {
    if (rows.length > 0) return { kind: 'half-stored', message: `${res.statusCode} ${body.code} but ${rows.length} events stored` }
    if (!body.code || !(body.code in ERRORS)) return { kind: 'contract', message: `${res.statusCode} without a catalogue code: ${res.body.slice(0, 200)}` }
    if (b.expect.length > 0 && !b.must4xx && b.expect.some((e) => e === 'valid')) return { kind: 'half-stored', message: `${res.statusCode} ${body.code}: a valid event was refused with its batch` }
    return null
  }
  if (b.must4xx) return { kind: 'contract', message: `202 for a request that must be refused (${c.damage}, ${c.size})` }
  const results = body.results ?? []
  if (results.length !== b.events.length) return { kind: 'contract', message: `${results.length} results for ${b.events.length} events` }
  let accepted = 0
  const seen = new Set<string>()
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!
    const sent = b.events[i] as Record<string, unknown>
    const id = sent.eventId
    if (r.index !== i) return { kind: 'contract', message: `result ${i} has index ${r.index}` }
    if (r.status === 'rejected') {
      if (!r.code || !(r.code in ERRORS) || !r.message) return { kind: 'contract', message: `rejected without a code or message: ${JSON.stringify(r)}` }
      if (b.expect[i] === 'valid') return { kind: 'half-stored', message: `valid event ${i} rejected: ${r.code} ${JSON.stringify(r).slice(0, 200)}` }
    } else {
      if (b.expect[i] === 'invalid') return { kind: 'contract', message: `invalid event ${i} (${c.mutations[i]?.t}) was ${r.status}` }
      if (r.status === 'accepted') accepted++
      if (r.status === 'duplicate' && !(typeof id === 'string' && seen.has(id))) return { kind: 'contract', message: `event ${i} called a duplicate without an earlier one` }
      if (!storable(id)) return { kind: 'contract', message: `event ${i} with an unstorable id was ${r.status}` }
      const row = storedIds.get(id)
      if (!row) return { kind: 'half-stored', message: `event ${i} (${id}) ${r.status} but not stored` }
      if (row.n !== 1) return { kind: 'half-stored', message: `event ${id} stored ${row.n} times` }
      if (b.expect[i] === 'valid' && c.format === 'json' && r.status === 'accepted' && JSON.stringify(sortKeys(row.body)) !== JSON.stringify(sortKeys(sent.body ?? {}))) {
        return { kind: 'contract', message: `event ${id} stored with another body: ${JSON.stringify(row.body).slice(0, 200)}` }
      }
      if (typeof id === 'string') seen.add(id)
    }
  }
  if (rows.length !== accepted) return { kind: 'half-stored', message: `${accepted} accepted, ${rows.length} stored` }
  if (body.accepted !== accepted) return { kind: 'contract', message: `accepted ${body.accepted} ≠ ${accepted} results` }
  return null
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
  return v
}
