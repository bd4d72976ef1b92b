import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGzipProxy } from './gzip-proxy.ts'

const JS = `export const x = ${JSON.stringify('监察'.repeat(2000))}\n`
let upstream: http.Server
const upgraded: net.Socket[] = []
let tunnelEnded = false
let proxy: Awaited<ReturnType<typeof startGzipProxy>>

/** A raw HTTP/1.1 GET through the proxy: status line, headers and body bytes, nothing decoded. */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${proxy.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
  })
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8', 'content-length': Buffer.byteLength(JS) })
      res.end(JS)
    } else if (req.url === '/logo.png') {
      res.writeHead(200, { 'content-type': 'image/png' })
      res.end(Buffer.from([137, 80, 78, 71]))
    } else {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ cookie: req.headers.cookie ?? null }))
    }
  })
  upstream.on('upgrade', (_req, socket: net.Socket) => {
    upgraded.push(socket)
    socket.on('end', () => { tunnelEnded = true })
    socket.on('close', () => { tunnelEnded = true })
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
    socket.on('data', (d) => socket.write(Buffer.concat([Buffer.from('echo:'), d])))
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  proxy = await startGzipProxy({ host: '127.0.0.1', port: (upstream.address() as AddressInfo).port })
})

afterAll(async () => {
  await proxy.close()
  upstream.closeAllConnections()
  for (const s of upgraded) s.destroy()
  await new Promise<void>((r) => upstream.close(() => r()))
})

describe('the benchmark gzip proxy', () => {
  it('gzips text for a client that accepts it, and the body inflates to the original', async () => {
    const res = await get('/app.js', { 'accept-encoding': 'gzip, deflate' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers['content-length']).toBeUndefined()
    expect(res.headers.vary).toMatch(/Accept-Encoding/)
    expect(res.body.length).toBeLessThan(Buffer.byteLength(JS) / 10)
    expect(gunzipSync(res.body).toString()).toBe(JS)
  })

  it('passes the body through untouched without accept-encoding, and for binary types', async () => {
    const plain = await get('/app.js', {})
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(JS)
    const png = await get('/logo.png', { 'accept-encoding': 'gzip' })
    expect(png.headers['content-encoding']).toBeUndefined()
    expect([...png.body]).toEqual([137, 80, 78, 71])
  })

  it('forwards request headers (the session cookie) and WebSocket upgrades', async () => {
    const res = await get('/api', { 'accept-encoding': 'gzip', cookie: 'sv_session=abc' })
    expect(JSON.parse(gunzipSync(res.body).toString())).toEqual({ cookie: 'sv_session=abc' })

    const { port } = new URL(proxy.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    const received: Buffer[] = []
    socket.on('data', (d: Buffer) => received.push(d))
    await new Promise<void>((r) => socket.once('connect', () => r()))
    socket.write('GET /socket.io/ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
    await expect.poll(() => Buffer.concat(received).toString()).toMatch(/^HTTP\/1.1 101/)
    socket.write('ping')
    await expect.poll(() => Buffer.concat(received).toString()).toMatch(/echo:ping$/)
    socket.destroy()
    // the tunnel to the app closes with the client's socket
    await expect.poll(() => tunnelEnded).toBe(true)
  })
})
