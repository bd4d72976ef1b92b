import { describe, expect, it } from 'vitest'
import { createSession } from './useSession.ts'

const me = { id: '7', login: 'sup', displayName: '监察员', roles: ['supervisor'], departmentCode: null, jurisdictionCode: '440204', method: 'password' }

describe('createSession', () => {
  it('loads the user once, logs in and out', async () => {
    const calls: string[] = []
    let signedIn = false
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`)
      if (url === '/api/v1/auth/login') {
        signedIn = true
        return new Response(JSON.stringify({ user: me, csrfToken: 't' }), { status: 200 })
      }
      if (url === '/api/v1/auth/logout') return new Response(null, { status: 204 })
      return signedIn
        ? new Response(JSON.stringify({ user: me, csrfToken: 't' }), { status: 200 })
        : new Response(JSON.stringify({ user: null, csrfToken: null }), { status: 200 })
    }) as unknown as typeof globalThis.fetch
    const s = createSession({ fetch })
    expect(await s.load()).toBeNull()
    expect(await s.load()).toBeNull()
    expect(calls).toEqual(['GET /api/v1/auth/session'])
    await s.login('sup', 'pw')
    expect(s.hasRole('supervisor', 'admin')).toBe(true)
    expect(s.hasRole('display')).toBe(false)
    await s.logout()
    expect(s.user.value).toBeNull()
    expect(s.isSignedIn.value).toBe(false)
  })

  it('propagates errors other than 401', async () => {
    const fetch = (async () => new Response('x', { status: 503 })) as unknown as typeof globalThis.fetch
    await expect(createSession({ fetch }).load()).rejects.toMatchObject({ status: 503 })
  })
})
