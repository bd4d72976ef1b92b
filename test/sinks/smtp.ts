/**
 * A real SMTP server for tests (the `smtp-server` package) that keeps every message it receives,
 * decoded enough to assert on: envelope recipients, Subject (RFC 2047 words) and the text body
 * (base64 or quoted-printable, UTF-8). No TLS, no auth: the URL is `smtp://127.0.0.1:<port>`.
 */
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'

export interface SinkMail {
  to: string[]
  subject: string
  text: string
  raw: string
}

export interface SmtpSink {
  url: string
  mails: SinkMail[]
  /** Resolves with the first mail (already received or later) matching `pred`. */
  waitFor(pred: (m: SinkMail) => boolean, timeoutMs?: number): Promise<SinkMail>
  close(): Promise<void>
}

const decodeWords = (s: string) =>
  s.replace(/\r?\n[ \t]+/g, ' ').replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')),
  )
const qp = (s: string) => Buffer.from(s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')

function parse(raw: string, to: string[]): SinkMail {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split)
  const body = raw.slice(split + 4)
  const header = (name: string) => new RegExp(`^${name}:\\s*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head)?.[1] ?? ''
  const cte = header('Content-Transfer-Encoding').trim().toLowerCase()
  const text = cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : cte === 'quoted-printable' ? qp(body) : body
  return { to, subject: decodeWords(header('Subject')).trim(), text, raw }
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SinkMail[] = []
  const waiters: { pred: (m: SinkMail) => boolean; resolve: (m: SinkMail) => void }[] = []
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const mail = parse(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address))
        mails.push(mail)
        for (const w of [...waiters]) if (w.pred(mail)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(mail) }
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    waitFor(pred, timeoutMs = 10_000) {
      const hit = mails.find(pred)
      if (hit) return Promise.resolve(hit)
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: (m: SinkMail) => { clearTimeout(t); resolve(m) } }
        const t = setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); reject(new Error(`no matching mail within ${timeoutMs} ms (got ${mails.length}: ${mails.map((m) => m.subject).join(' | ')})`)) }, timeoutMs)
        waiters.push(w)
      })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
