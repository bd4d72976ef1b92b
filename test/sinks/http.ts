/**
 * A local HTTP server standing in for an SMS gateway: records every request (headers, body) and
 * answers with the status codes queued in `failNext` first, then 200.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SinkRequest {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
  status: number
}

export interface HttpSink {
  url: string
  requests: SinkRequest[]
  /** Status codes to answer with before answering 200 again. */
  failNext: number[]
  close(): Promise<void>
}

export async function startHttpSink(path = '/sms/send'): Promise<HttpSink> {
  const sink: HttpSink = { url: '', requests: [], failNext: [], close: async () => {} }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const status = sink.failNext.shift() ?? 200
      sink.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status })
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 200 ? { code: 0 } : { code: status, msg: 'busy' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return sink
}
