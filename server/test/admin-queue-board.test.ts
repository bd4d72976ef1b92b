/**
 * bull-board at /admin/queues (issue 19, operations), on the real Redis: administrators see the
 * page, its static files and its JSON API with this deployment's queues; anonymous callers get
 * 401 and every other role 403 on each of them (the API's error body, not bull-board's 500); the
 * board's actions need the session's CSRF token, which its page receives as the XSRF-TOKEN
 * cookie and echoes as `x-xsrf-token`: a failed job is retried from the board.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { redisUrl } from '../../test/db.ts'
import { USER_ROLES } from '../plugins/app/policy.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from '../../test/harness.ts'

let h: Harness
let admin: TestSession
const others: Record<string, TestSession> = {}

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  await createUser(h.db.pool, { login: 'qb-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
  admin = await login(h.app, 'qb-admin')
  for (const role of USER_ROLES.filter((r) => r !== 'admin')) {
    const dept = role === 'department_head' || role === 'department_staff' ? DEPTS[0] : null
    await createUser(h.db.pool, { login: `qb-${role}`, roles: [role], departmentCode: dept, jurisdictionCode: dept ? null : JURISDICTION })
    others[role] = await login(h.app, `qb-${role}`)
  }
})
afterAll(async () => {
  await h?.close()
})

const get = (url: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers })

describe('bull-board at /admin/queues', () => {
  it('is the administrators\': page, static files and API; anonymous 401, every other role 403', async () => {
    const page = await get('/admin/queues', admin.headers)
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).toContain('<base href="/admin/queues/"')
    const js = /src="(static\/js\/main\.[0-9a-f]+\.js)"/.exec(page.body)![1]!
    expect((await get(`/admin/queues/${js}`, admin.headers)).statusCode).toBe(200)
    const api = await get('/admin/queues/api/queues', admin.headers)
    expect(api.statusCode).toBe(200)
    expect((api.json() as { queues: { name: string }[] }).queues.map((q) => q.name).sort()).toEqual(['maintenance', 'notify', 'project'])

    for (const url of ['/admin/queues', `/admin/queues/${js}`, '/admin/queues/api/queues', '/admin/queues/api/queues/project/failed']) {
      const anon = await get(url)
      expect([url, anon.statusCode, anon.json().code]).toEqual([url, 401, 'UNAUTHENTICATED'])
      for (const [role, s] of Object.entries(others)) {
        const r = await get(url, s.headers)
        expect([url, role, r.statusCode, r.json().code]).toEqual([url, role, 403, 'FORBIDDEN'])
      }
    }
    const put = await h.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/pause', headers: { cookie: others.supervisor!.cookie, 'x-xsrf-token': others.supervisor!.csrfToken } })
    expect(put.statusCode).toBe(403)
  })

  it('retries a failed job from the board with the XSRF-TOKEN cookie its page set, and refuses the action without it', async () => {
    const page = await get('/admin/queues', admin.headers)
    const xsrf = page.cookies.find((c) => c.name === 'XSRF-TOKEN')
    expect(xsrf).toMatchObject({ value: admin.csrfToken, path: '/admin/queues', sameSite: 'Strict' })
    expect(xsrf?.httpOnly).toBeFalsy()

    const q = new Queue('maintenance', { connection: h.app.queues.redis, prefix: h.prefix })
    const job = await q.add('board-test', { x: 1 }, { attempts: 1 })
    // a worker that fails it, then stops (so the retried job stays waiting)
    const conn = new Redis(redisUrl(), { maxRetriesPerRequest: null })
    const worker = new Worker('maintenance', async () => { throw new Error('boom') }, { connection: conn, prefix: h.prefix })
    await new Promise<void>((resolve) => { worker.on('failed', () => resolve()) })
    await worker.close()
    await conn.quit()
    expect(await job.getState()).toBe('failed')

    const noToken = await h.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/maintenance/retry/failed', headers: { cookie: admin.cookie } })
    expect([noToken.statusCode, noToken.json().code]).toEqual([403, 'CSRF_FAILED'])
    expect(await job.getState()).toBe('failed')
    const retried = await h.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/maintenance/retry/failed', headers: { cookie: admin.cookie, 'x-xsrf-token': xsrf!.value } })
    expect(retried.statusCode).toBe(200)
    expect(await job.getState()).toBe('waiting')
    await q.close()
  })
})
