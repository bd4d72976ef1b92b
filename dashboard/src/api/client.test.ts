import { describe, expect, it } from 'vitest'
import { ApiError, apiFetch, csrfToken, withQuery } from './client.ts'

const reply = (status: number, body: unknown) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('apiFetch', () => {
  it('sends JSON with the CSRF token on unsafe methods only', async () => {
    const seen: { url: string; init: RequestInit }[] = []
    const fetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init })
      return reply(200, { ok: 1 })
    }) as unknown as typeof globalThis.fetch
    const cookies = 'other=1; sv_csrf=tok%2Ben; x=y'
    expect(await apiFetch('/api/v1/cards', { method: 'POST', body: { a: 1 }, fetch, cookies })).toEqual({ ok: 1 })
    await apiFetch('/api/v1/cases', { query: { level: 'red', q: '', dept: ['A', 'B'] }, fetch, cookies })
    const [post, get] = seen
    expect((post!.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok+en')
    expect(post!.init.body).toBe('{"a":1}')
    expect((get!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined()
    expect(get!.url).toBe('/api/v1/cases?level=red&dept=A&dept=B')
    expect(get!.init.cache).toBeUndefined()
    await apiFetch('/api/v1/public/answers/1', { fetch, cache: 'no-cache' })
    expect(seen[2]!.init.cache).toBe('no-cache')
  })

  it('turns an error body into an ApiError with both languages', async () => {
    const fetch = (async () => reply(403, { code: 'FORBIDDEN', message: '无权访问', messageEn: 'Forbidden', detail: 'x' })) as unknown as typeof globalThis.fetch
    const err = await apiFetch('/x', { fetch }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(403)
    expect((err as ApiError).code).toBe('FORBIDDEN')
    expect((err as ApiError).localized('zh-CN')).toBe('无权访问（x）')
    expect((err as ApiError).localized('en')).toBe('Forbidden（x）')
  })

  it('gives a coded error for a non-JSON failure and undefined for 204', async () => {
    const bad = (async () => new Response('<html>', { status: 502 })) as unknown as typeof globalThis.fetch
    await expect(apiFetch('/x', { fetch: bad })).rejects.toMatchObject({ status: 502, code: 'HTTP_502' })
    const none = (async () => new Response(null, { status: 204 })) as unknown as typeof globalThis.fetch
    expect(await apiFetch('/x', { method: 'DELETE', fetch: none })).toBeUndefined()
  })
})

describe('csrfToken / withQuery', () => {
  it('prefers nothing but the csrf cookies', () => {
    expect(csrfToken('a=1; __Host-sv_csrf=abc')).toBe('abc')
    expect(csrfToken('a=1')).toBeNull()
    expect(withQuery('/p?x=1', { y: 2 })).toBe('/p?x=1&y=2')
  })
})
