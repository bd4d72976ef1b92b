import fp from 'fastify-plugin'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { XmlNode } from '../../../domain/events/xml.ts'
import { AppError } from '../../errors.ts'
import { decodeBody } from './body-text.ts'

export const MAX_XML_DEPTH = 16

/** Nesting depth of an XML text, by a linear scan (before any parser sees it). */
export function xmlDepth(text: string): number {
  let depth = 0
  let max = 0
  const re = /<(\/?)([^>]*?)(\/?)>/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [, close, inner, selfClose] = m as unknown as [string, string, string, string]
    if (inner.startsWith('?') || inner.startsWith('!')) continue
    if (close) depth -= 1
    else if (!selfClose) {
      depth += 1
      if (depth > max) max = depth
    }
  }
  return max
}

/**
 * Element names the parser refuses (they could pollute prototypes): renamed so that they are
 * plain data. Inside `<Data>` they are unknown fields (the event is rejected by its schema, the
 * rest of the batch is stored); elsewhere in an `<Event>`, ignored like any unknown element.
 */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype'])

const parser = new XMLParser({
  transformTagName: (name) => (RESERVED_NAMES.has(name) ? `#${name}` : name),
  transformAttributeName: (name) => (RESERVED_NAMES.has(name) ? `#${name}` : name),
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
})

/**
 * Parses an XML body safely: DOCTYPE and ENTITY declarations are refused outright (no DTD,
 * no entity expansion), depth is limited, the size limit is fastify's body limit.
 */
export function parseXmlSafely(text: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i.test(text)) throw new AppError('XML_DTD_FORBIDDEN')
  if (xmlDepth(text) > MAX_XML_DEPTH) throw new AppError('XML_TOO_DEEP', `max ${MAX_XML_DEPTH}`)
  const valid = XMLValidator.validate(text)
  if (valid !== true) throw new AppError('INVALID_XML', `line ${valid.err.line}: ${valid.err.msg}`)
  try {
    return parser.parse(text) as XmlNode
  } catch (err) {
    // whatever else the parser refuses is the document's fault, never the server's
    throw new AppError('INVALID_XML', (err as Error).message.slice(0, 200))
  }
}

/** Registers application/xml and text/xml bodies, decoded strictly (`body-text.ts`), parsed into an `XmlNode` tree. */
export default fp(
  async (app) => {
    app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer' }, (req, body, done) => {
      try {
        done(null, { xml: parseXmlSafely(decodeBody(body as Buffer, req.headers['content-type'], 'xml')) })
      } catch (err) {
        done(err as Error, undefined)
      }
    })
  },
  { name: 'xml-body' },
)
