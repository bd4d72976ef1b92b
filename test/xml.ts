/** Renders raw events as an XML <Package> (the documented exchange format), for tests and the README. */
import type { RawEvent } from '../domain/events/fixtures.ts'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const pascal = (k: string) => k[0]!.toUpperCase() + k.slice(1)

function node(name: string, value: unknown): string {
  if (Array.isArray(value)) {
    const singular = name.endsWith('s') ? name.slice(0, -1) : `${name}Item`
    return `<${name}>${value.map((v) => node(singular, v)).join('')}</${name}>`
  }
  if (value !== null && typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([k, v]) => node(pascal(k), v)).join('')}</${name}>`
  }
  return `<${name}>${esc(String(value))}</${name}>`
}

export function eventsToXml(events: RawEvent[], source: string): string {
  const body = events
    .map((e) => {
      const env = (['eventId', 'kind', 'occurredAt', 'caseNo', 'petitionNo', 'departmentCode'] as const)
        .filter((k) => e[k] !== undefined)
        .map((k) => node(pascal(k), e[k]))
        .join('')
      return `<Event>${env}${node('Data', e.body)}</Event>`
    })
    .join('')
  return `<?xml version="1.0" encoding="UTF-8"?><Package><Head><Source>${esc(source)}</Source><SendTime>2025-10-09T09:00:00+08:00</SendTime></Head><Body>${body}</Body></Package>`
}
