/**
 * The dashboard's pre-compressed assets (dashboard/precompress.ts): the build writes .gz and .br
 * beside each text asset, and the server sends the one the browser accepts, the file itself to
 * a browser that accepts neither.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { precompressDir } from '../dashboard/precompress.ts'
import { createHarness, type Harness } from './harness.ts'

const dir = mkdtempSync(path.join(os.tmpdir(), 'precompress-'))
const script = `export const board = ${JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ department: `部门${i}`, red: i % 7 })))};\n`
const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>浈江区电子监察</title></head><body>${'<div id="app"></div>'.repeat(80)}</body></html>`

let h: Harness
beforeAll(async () => {
  mkdirSync(path.join(dir, 'assets'))
  writeFileSync(path.join(dir, 'assets', 'board.js'), script)
  writeFileSync(path.join(dir, 'assets', 'tiny.css'), 'a{color:red}')
  writeFileSync(path.join(dir, 'assets', 'icon.png'), Buffer.alloc(4096, 7))
  writeFileSync(path.join(dir, 'index.html'), page)
  mkdirSync(path.join(dir, 'm'))
  writeFileSync(path.join(dir, 'm', 'sw.js'), `// service worker\n${'self.addEventListener("fetch", () => {});\n'.repeat(60)}`)
  precompressDir(dir)
  h = await createHarness({ withWorkers: false, dashboardDir: dir })
})
afterAll(async () => {
  await h?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('pre-compressed dashboard assets', () => {
  it('writes .gz and .br copies that decompress to the file, only for text of 1 KiB or more', () => {
    const js = readFileSync(path.join(dir, 'assets', 'board.js'))
    expect(gunzipSync(readFileSync(path.join(dir, 'assets', 'board.js.gz')))).toEqual(js)
    expect(brotliDecompressSync(readFileSync(path.join(dir, 'assets', 'board.js.br')))).toEqual(js)
    expect(readFileSync(path.join(dir, 'assets', 'board.js.br')).length).toBeLessThan(js.length / 4)
    expect(existsSync(path.join(dir, 'assets', 'tiny.css.gz'))).toBe(false) // under 1 KiB
    expect(existsSync(path.join(dir, 'assets', 'icon.png.gz'))).toBe(false) // not text
  })

  it('sends brotli or gzip to a browser that accepts it, the plain file to one that does not', async () => {
    const br = await h.app.inject({ url: '/assets/board.js', headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script)

    const gz = await h.app.inject({ url: '/assets/board.js', headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script)

    const plain = await h.app.inject({ url: '/assets/board.js', headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(script)
  })

  it('compresses the page a surface route answers (/m, /public) and leaves small files plain', async () => {
    for (const route of ['/m', '/public/guide']) {
      const res = await h.app.inject({ url: route, headers: { 'accept-encoding': 'br' } })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-encoding']).toBe('br')
      expect(brotliDecompressSync(res.rawPayload).toString()).toBe(page)
    }
    const tiny = await h.app.inject({ url: '/assets/tiny.css', headers: { 'accept-encoding': 'br' } })
    expect(tiny.headers['content-encoding']).toBeUndefined()
    expect(tiny.body).toBe('a{color:red}')
  })

  it("keeps the mobile service worker's Service-Worker-Allowed header on its compressed copies", async () => {
    for (const enc of ['br', 'gzip', 'identity']) {
      const res = await h.app.inject({ url: '/m/sw.js', headers: { 'accept-encoding': enc } })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-encoding']).toBe(enc === 'identity' ? undefined : enc)
      expect(res.headers['service-worker-allowed'], enc).toBe('/m')
    }
  })
})
