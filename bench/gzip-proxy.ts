/**
 * A reverse proxy that gzips text responses (HTML, JS, CSS, JSON, SVG, manifests), as a front
 * server with `gzip on` would: the app itself sends its static files uncompressed. WebSocket
 * upgrades are passed through untouched. For benchmarks only (bench/lighthouse.bench.ts --gzip).
 */
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { createGzip } from 'node:zlib'

const TEXT = /^(text\/|application\/(javascript|json|manifest\+json)|image\/svg\+xml)/

export async function startGzipProxy(target: { host: string; port: number }): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const up = http.request({ host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      const headers = { ...upRes.headers }
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && !headers['content-encoding'] && TEXT.test(String(headers['content-type'] ?? '')) && upRes.statusCode !== 304
      if (!gzip) {
        res.writeHead(upRes.statusCode ?? 502, headers)
        upRes.pipe(res)
        return
      }
      delete headers['content-length']
      headers['content-encoding'] = 'gzip'
      headers.vary = headers.vary ? `${String(headers.vary)}, Accept-Encoding` : 'Accept-Encoding'
      res.writeHead(upRes.statusCode ?? 502, headers)
      upRes.pipe(createGzip({ level: 6 })).pipe(res)
    })
    up.on('error', () => res.destroy())
    req.pipe(up)
  })
  const tunnels = new Set<net.Socket>()
  server.on('upgrade', (req, socket, head) => {
    const up = net.connect(target.port, target.host, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}`)), '', '']
      up.write(lines.join('\r\n'))
      if (head.length) up.write(head)
      up.pipe(socket).pipe(up)
    })
    tunnels.add(up)
    up.on('error', () => socket.destroy())
    up.on('close', () => {
      tunnels.delete(up)
      socket.destroy()
    })
    socket.on('error', () => up.destroy())
    socket.on('close', () => up.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      for (const t of tunnels) t.destroy()
      server.close(() => resolve())
    }),
  }
}
