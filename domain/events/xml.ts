/**
 * The XML exchange format, as provincial exchange standards shape it:
 *
 *   <Package>
 *     <Head><Source>hotline12345</Source><SendTime>2025-10-09T09:00:00+08:00</SendTime></Head>
 *     <Body>
 *       <Event>
 *         <EventId>e-1</EventId><Kind>supplementRequested</Kind>
 *         <OccurredAt>2025-10-09T09:00:00+08:00</OccurredAt>
 *         <CaseNo>440204-2025-000001</CaseNo><DepartmentCode>440204-SCJG</DepartmentCode>
 *         <Data><Materials><Material>营业执照副本</Material><Material>法人身份证</Material></Materials></Data>
 *       </Event>
 *     </Body>
 *   </Package>
 *
 * Element names are the JSON field names in PascalCase. `Data` holds the body; list fields
 * hold one child element per entry (any child name). Values are coerced by the kind's body schema
 * (integers, numbers), so the XML and the JSON form of one event are stored identically.
 *
 * This module turns an already-parsed element tree (see `XmlNode`) into raw JSON events; parsing
 * itself (with DTDs refused, entities off, size and depth limits) happens at the edge.
 */
import { BODY_SCHEMAS, type EventKind } from './schema.ts'

/** A parsed element: text, or children by name (repeated names give arrays). */
export type XmlNode = string | { [name: string]: XmlNode | XmlNode[] }

export type XmlConvertResult = { ok: true; events: unknown[] } | { ok: false; detail: string }

interface JsonSchemaLike {
  type?: string
  properties?: Record<string, JsonSchemaLike>
  items?: JsonSchemaLike
  anyOf?: JsonSchemaLike[]
}

const camel = (s: string): string => (s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1))
const NUMERIC = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/

function asList(v: XmlNode | XmlNode[] | undefined): XmlNode[] {
  if (v === undefined) return []
  return Array.isArray(v) ? v : [v]
}

/** Converts one XML node by a JSON schema; unknown shapes are passed through for validation to reject. */
function bySchema(node: XmlNode | XmlNode[], schema: JsonSchemaLike | undefined): unknown {
  if (Array.isArray(node)) return node.map((n) => bySchema(n, schema))
  const type = schema?.type ?? schema?.anyOf?.[0]?.type
  if (type === 'array') {
    if (typeof node === 'string') return node === '' ? [] : [node]
    const children = Object.values(node).flatMap((v) => asList(v))
    return children.map((c) => bySchema(c, schema?.items))
  }
  if (typeof node === 'string') {
    if ((type === 'integer' || type === 'number') && NUMERIC.test(node)) return Number(node)
    if (type === 'object') return node === '' ? {} : node
    return node
  }
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(node)) {
    const key = camel(name)
    out[key] = bySchema(Array.isArray(value) && value.length === 1 ? value[0]! : value, schema?.properties?.[key])
  }
  return out
}

const ENVELOPE_FIELDS = ['EventId', 'Source', 'Kind', 'OccurredAt', 'CaseNo', 'PetitionNo', 'DepartmentCode'] as const

/**
 * Converts a parsed `<Package>` into raw JSON events (not yet validated).
 *
 * @example
 * packageToEvents({ Package: { Head: { Source: 's' }, Body: { Event: { EventId: 'e1', Kind: 'resumed', ... , Data: '' } } } })
 * // => { ok: true, events: [{ eventId: 'e1', kind: 'resumed', source: 's', ..., body: {} }] }
 */
export function packageToEvents(doc: XmlNode): XmlConvertResult {
  if (typeof doc === 'string' || Array.isArray(doc.Package) || doc.Package === undefined) {
    return { ok: false, detail: 'root element must be <Package>' }
  }
  const pkg = doc.Package
  if (typeof pkg === 'string') return { ok: false, detail: '<Package> must contain <Head> and <Body>' }
  const head = pkg.Head
  const body = pkg.Body
  if (head === undefined || Array.isArray(head) || body === undefined || Array.isArray(body)) {
    return { ok: false, detail: '<Package> must contain one <Head> and one <Body>' }
  }
  const headSource = typeof head === 'string' ? undefined : head.Source
  if (headSource !== undefined && typeof headSource !== 'string') return { ok: false, detail: '<Head><Source> must be text' }
  const rawEvents = typeof body === 'string' ? [] : asList(body.Event)
  const events: unknown[] = []
  for (const ev of rawEvents) {
    if (typeof ev === 'string') {
      events.push(ev)
      continue
    }
    const out: Record<string, unknown> = {}
    for (const f of ENVELOPE_FIELDS) {
      const v = ev[f]
      if (v !== undefined) out[camel(f)] = Array.isArray(v) ? v : v
    }
    if (out.source === undefined && headSource !== undefined) out.source = headSource
    const kind = typeof out.kind === 'string' ? out.kind : ''
    const schema = Object.hasOwn(BODY_SCHEMAS, kind) ? (BODY_SCHEMAS[kind as EventKind] as JsonSchemaLike) : undefined
    const data = ev.Data
    out.body = data === undefined || data === '' ? {} : bySchema(data, schema ?? { type: 'object' })
    events.push(out)
  }
  return { ok: true, events }
}
