/**
 * A small round-robin HTTP and WebSocket proxy in front of the server instances, for the local
 * cluster where nginx is not installed (docker-compose.cluster.yml uses nginx, same behaviour):
 * requests go to the next instance in turn; an instance that refuses a connection is skipped for
 * `downMs` and the request goes to the next one (nothing reached the refused one, so a POST is safe
 * to send elsewhere). WebSocket upgrades (socket.io, websocket transport only) are piped through
 * unchanged; no sticky sessions are needed because the dashboard's socket.io clients connect with
 * the websocket transport, which stays on one connection.
 */
import http from 'node:http'
import net from 'node:net'

export interface Backend {
  host: string
  port: number
}

export interface Proxy {
  port: number
  close(): Promise<void>
}

export async function startProxy(backends: readonly Backend[], opts: { port: number; host?: string; downMs?: number }): Promise<Proxy> {
  const downUntil = backends.map(() => 0)
  let next = 0
  const downMs = opts.downMs ?? 1000
  /** The backends in the order to try them this time: round robin, those marked down last. */
  const order = (): number[] => {
    const start = next
    next = (next + 1) % backends.length
    const all = backends.map((_, i) => (start + i) % backends.length)
    const now = Date.now()
    return [...all.filter((i) => downUntil[i]! <= now), ...all.filter((i) => downUntil[i]! > now)]
  }
  const refused = (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED'

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const tries = order()
      const attempt = (k: number): void => {
        const i = tries[k]
        if (i === undefined) {
          res.writeHead(502, { 'content-type': 'application/json' }).end('{"code":"UPSTREAM_DOWN"}')
          return
        }
        const b = backends[i]!
        const up = http.request({ host: b.host, port: b.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' } }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers)
          r.pipe(res)
        })
        up.on('error', (e: NodeJS.ErrnoException) => {
          if (refused(e) && !res.headersSent) {
            downUntil[i] = Date.now() + downMs
            attempt(k + 1)
          } else if (!res.headersSent) {
            res.writeHead(502, { 'content-type': 'application/json' }).end('{"code":"UPSTREAM_ERROR"}')
          } else res.destroy()
        })
        up.end(body)
      }
      attempt(0)
    })
  })
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const tries = order()
    const attempt = (k: number): void => {
      const i = tries[k]
      if (i === undefined) return void socket.destroy()
      const b = backends[i]!
      const up = net.connect({ host: b.host, port: b.port })
      up.once('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ECONNREFUSED') {
          downUntil[i] = Date.now() + downMs
          attempt(k + 1)
        } else socket.destroy()
      })
      up.once('connect', () => {
        up.removeAllListeners('error')
        up.on('error', () => socket.destroy())
        socket.on('error', () => up.destroy())
        const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`]
        for (let j = 0; j < req.rawHeaders.length; j += 2) lines.push(`${req.rawHeaders[j]}: ${req.rawHeaders[j + 1]}`)
        up.write(`${lines.join('\r\n')}\r\n\r\n`)
        if (head.length > 0) up.write(head)
        up.pipe(socket).pipe(up)
      })
    }
    attempt(0)
  })
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve())
  })
  return {
    port: opts.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
