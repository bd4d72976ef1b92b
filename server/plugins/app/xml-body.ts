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

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/**
 * Decodes XML's five predefined entities and character references (`&#20013;`, `&#x4E2D;`) in a
 * text value. The parser's own entity processing stays off (no DTD entity can expand); without
 * this step `A&amp;B` would be stored as written instead of `A&B`. A reference to U+0000 or to a
 * surrogate decodes to that character, which ingest then rejects per event (INVALID_TEXT); one
 * beyond U+10FFFF and undeclared named entities are left as written.
 *
 * @example
 * decodeXmlText('张&amp;李 &#20013;&#x6587; &lt;b&gt;') // => '张&李 中文 <b>'
 */
export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,8}|#x[0-9a-fA-F]{1,7});/g, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name]!
    const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole
  })
}

function decodeTree(node: XmlNode): XmlNode {
  if (typeof node === 'string') return decodeXmlText(node)
  const out: { [name: string]: XmlNode | XmlNode[] } = {}
  for (const [k, v] of Object.entries(node)) out[k] = Array.isArray(v) ? v.map(decodeTree) : decodeTree(v)
  return out
}

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
    return decodeTree(parser.parse(text) as XmlNode)
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
