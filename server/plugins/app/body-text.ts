/**
 * Request bodies as text, decoded strictly in their declared charset: a body that is not valid in
 * it is refused (400 INVALID_ENCODING), never patched with U+FFFD — a supervision record must not
 * be altered in silence. Charsets: UTF-8 (the default), GB18030 and GBK/GB2312 (what Chinese
 * source systems send); any other declared charset is refused (415 UNSUPPORTED_CHARSET).
 *
 * The charset comes from the Content-Type header; for XML without one, from the document's own
 * declaration (`<?xml version="1.0" encoding="GBK"?>`); the header wins when both are given
 * (RFC 7303 §3.2). A UTF-8 byte order mark is dropped.
 *
 * Registers the JSON parser (decode, then fastify's own prototype-poisoning-safe JSON parser); the
 * XML parser (`xml-body.ts`) uses `decodeBody` too.
 */
import fp from 'fastify-plugin'
import { AppError } from '../../errors.ts'

export type BodyCharset = 'utf-8' | 'gb18030' | 'gbk'

const LABELS: Record<string, BodyCharset> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gbk',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  cp936: 'gbk',
  'windows-936': 'gbk',
  'csgb2312': 'gbk',
}

/** The charset parameter of a Content-Type header, lower case and unquoted; null when absent. */
export function charsetOf(contentType: string | undefined): string | null {
  if (!contentType) return null
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType)
  if (!m) return null
  return (m[1] ?? m[2] ?? '').trim().toLowerCase()
}

/** The encoding named by an XML declaration at the start of the bytes (ASCII-compatible only). */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | null {
  let start = 0
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3
  const head = Buffer.from(bytes.subarray(start, start + 200)).toString('latin1')
  const m = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head)
  return m ? (m[1] ?? m[2] ?? '').trim().toLowerCase() : null
}

/** Maps a charset label to one this API decodes, or throws 415 UNSUPPORTED_CHARSET. */
export function supportedCharset(label: string): BodyCharset {
  const c = LABELS[label.toLowerCase()]
  if (!c) throw new AppError('UNSUPPORTED_CHARSET', label.slice(0, 40))
  return c
}

/**
 * GBK is decoded by the GB18030 decoder (its superset; the WHATWG Encoding standard decodes the
 * label `gbk` the same way). Node's own `gbk` decoder (ICU) silently drops some invalid bytes
 * (0xFF) even with `fatal: true`, which would alter a record without a word: found by the fuzzer.
 */
const decoders = new Map<BodyCharset, TextDecoder>()
const decoderFor = (c: BodyCharset): TextDecoder => {
  let d = decoders.get(c)
  if (!d) {
    d = new TextDecoder(c === 'gbk' ? 'gb18030' : c, { fatal: true })
    decoders.set(c, d)
  }
  return d
}

/**
 * Decodes a body strictly. `format: 'xml'` also honours the document's encoding declaration
 * when the header names no charset.
 *
 * @throws AppError UNSUPPORTED_CHARSET (415) for a charset other than UTF-8, GB18030, GBK/GB2312
 * @throws AppError INVALID_ENCODING (400) for bytes that are not valid in the charset
 *
 * @example
 * decodeBody(Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), 'application/json; charset=GBK', 'json') // => '张三'
 * decodeBody(Buffer.from([0xff]), 'application/json', 'json') // throws INVALID_ENCODING
 */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined, format: 'json' | 'xml'): string {
  const label = charsetOf(contentType) ?? (format === 'xml' ? xmlDeclaredEncoding(bytes) : null) ?? 'utf-8'
  const charset = supportedCharset(label)
  try {
    return decoderFor(charset).decode(bytes)
  } catch {
    throw new AppError('INVALID_ENCODING', charset === 'utf-8' ? 'not valid UTF-8' : `not valid ${charset.toUpperCase()}`)
  }
}

/** Replaces fastify's JSON parser by one that decodes strictly first (then parses as fastify does). */
export default fp(
  async (app) => {
    const parseJson = app.getDefaultJsonParser('error', 'error')
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
      let text: string
      try {
        text = decodeBody(body as Buffer, req.headers['content-type'], 'json')
      } catch (err) {
        done(err as Error, undefined)
        return
      }
      parseJson(req, text, done)
    })
  },
  { name: 'body-text' },
)
