/**
 * Department scoping on every list and detail endpoint (enforced in SQL through
 * visible_departments), and masking of applicant / citizen data on every endpoint that returns it.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../sql/queries.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'

const [SCJG, ZJJ, GA] = DEPTS
const SCJG_01 = '440204-SCJG-01' // below SCJG
const OTHER_COUNTY = '440203'
const OTHER_DEPT = '440203-ZJJ'
const CITY = '440200'

const APPLICANT = { name: '张小三', idNumber: '440204199001011234', phone: '13800005678' }
const CITIZEN = { name: '周九', idNumber: '440203198502023456', phone: '13900001111' }
const SECRETS = [APPLICANT.idNumber, APPLICANT.phone, APPLICANT.name, CITIZEN.idNumber, CITIZEN.phone, CITIZEN.name]

// case/petition number → department (and joint departments)
const CASES: Record<string, { dept: string; joint?: string[]; status: string; level: string; submittedAt: string }> = {
  'C-A': { dept: SCJG, status: 'accepted', level: 'normal', submittedAt: '2025-10-01T02:00:00Z' },
  'C-A1': { dept: SCJG_01, status: 'concluded', level: 'yellow', submittedAt: '2025-10-02T02:00:00Z' },
  'C-B': { dept: ZJJ, status: 'accepted', level: 'red', submittedAt: '2025-10-03T02:00:00Z' },
  'C-J': { dept: GA, joint: [ZJJ], status: 'undertaken', level: 'warning', submittedAt: '2025-10-04T02:00:00Z' },
  'C-X': { dept: OTHER_DEPT, status: 'accepted', level: 'normal', submittedAt: '2025-10-05T02:00:00Z' },
}
const PETITIONS: Record<string, { dept: string; kind: string; status: string }> = {
  'P-A': { dept: SCJG, kind: 'complaint', status: 'received' },
  'P-A1': { dept: SCJG_01, kind: 'consultation', status: 'replied' },
  'P-B': { dept: ZJJ, kind: 'complaint', status: 'closed' },
  'P-X': { dept: OTHER_DEPT, kind: 'petition', status: 'received' },
}

let h: Harness
const s: Record<string, TestSession> = {}
// who sees which cases and petitions
const SEES: Record<string, { cases: string[]; petitions: string[] }> = {
  staffA: { cases: ['C-A', 'C-A1'], petitions: ['P-A', 'P-A1'] },
  headA1: { cases: ['C-A1'], petitions: ['P-A1'] },
  staffB: { cases: ['C-B', 'C-J'], petitions: ['P-B'] },
  supervisor: { cases: ['C-A', 'C-A1', 'C-B', 'C-J'], petitions: ['P-A', 'P-A1', 'P-B'] },
  leader: { cases: ['C-A', 'C-A1', 'C-B', 'C-J'], petitions: ['P-A', 'P-A1', 'P-B'] },
  citySupervisor: { cases: Object.keys(CASES), petitions: Object.keys(PETITIONS) },
  admin: { cases: Object.keys(CASES), petitions: Object.keys(PETITIONS) },
}

beforeAll(async () => {
  h = await createHarness({ withWorkers: false, security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {}) // DROP DATABASE … WITH (FORCE) may hit clients still closing (test/db.ts)
  const q = (text: string, params: unknown[] = []) => h.db.pool.query(text, params)
  await q(`INSERT INTO jurisdictions (code, name, level) VALUES ($1, '韶关市', 'city'), ($2, '武江区', 'county')`, [CITY, OTHER_COUNTY])
  await q(`UPDATE jurisdictions SET parent_code = $1 WHERE code IN ($2, $3)`, [CITY, JURISDICTION, OTHER_COUNTY])
  await q(`INSERT INTO departments (code, jurisdiction_code, parent_code, name) VALUES ($1, $2, $3, '市场监管所'), ($4, $5, NULL, '武江区住建局')`, [
    SCJG_01, JURISDICTION, SCJG, OTHER_DEPT, OTHER_COUNTY,
  ])
  for (const [no, c] of Object.entries(CASES)) {
    const state = { caseNo: no, departmentCode: c.dept, applicant: APPLICANT, status: c.status, stages: [] }
    await q(
      `INSERT INTO cases (case_no, department_code, joint_departments, status, applicant, submitted_at, state, event_count, last_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 3, $6)`,
      [no, c.dept, c.joint ?? [], c.status, APPLICANT, c.submittedAt, state],
    )
    // the clock lives in case_clocks (migration 040)
    await q(`INSERT INTO case_clocks (case_no, department_code, level, deadline_date) VALUES ($1, $2, $3, '2025-10-20')`, [no, c.dept, c.level])
    await q(`INSERT INTO case_stages (case_no, seq, stage, at, handler, opinion, department_code, event_id) VALUES
             ($1, 1, 'submitted', $2, NULL, NULL, $3, $1 || '-1'), ($1, 2, 'accepted', $2::timestamptz + interval '1 hour', '李四', '受理', $3, $1 || '-2')`, [no, c.submittedAt, c.dept])
  }
  for (const [no, p] of Object.entries(PETITIONS)) {
    const state = { petitionNo: no, departmentCode: p.dept, citizen: CITIZEN, status: p.status, subject: '噪音扰民' }
    await q(
      `INSERT INTO petitions (petition_no, department_code, petition_kind, channel, status, citizen, received_at, state, event_count, last_occurred_at)
       VALUES ($1, $2, $3, '12345', $4, $5, now(), $6, 2, now())`,
      [no, p.dept, p.kind, p.status, CITIZEN, state],
    )
  }
  const users = {
    staffA: await createUser(h.db.pool, { login: 'staff.a', roles: ['department_staff'], departmentCode: SCJG }),
    headA1: await createUser(h.db.pool, { login: 'head.a1', roles: ['department_head'], departmentCode: SCJG_01 }),
    staffB: await createUser(h.db.pool, { login: 'staff.b', roles: ['department_staff'], departmentCode: ZJJ }),
    supervisor: await createUser(h.db.pool, { login: 'sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION }),
    leader: await createUser(h.db.pool, { login: 'lead', roles: ['leader'], departmentCode: GA }), // jurisdiction from the department
    citySupervisor: await createUser(h.db.pool, { login: 'city.sup', roles: ['supervisor'], jurisdictionCode: CITY }),
    admin: await createUser(h.db.pool, { login: 'admin', roles: ['admin'] }),
    display: await createUser(h.db.pool, { login: 'wall', roles: ['display'] }),
    orphanSupervisor: await createUser(h.db.pool, { login: 'nowhere', roles: ['supervisor'] }),
  }
  for (const [k, u] of Object.entries(users)) s[k] = await openSession(h.db.pool, u)
})
afterAll(async () => {
  await h?.close()
})

const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: s[who]!.cookie } })
const piiAudits = async () => (await h.db.pool.query(`SELECT actor, entity, entity_id, after FROM audit_log WHERE action = 'pii.view' ORDER BY seq`)).rows

describe('visible_departments (the SQL building block)', () => {
  it('gives department roles their subtree and jurisdiction roles their jurisdiction tree', async () => {
    const v = async (who: string) => {
      const { rows } = await h.db.pool.query(`SELECT visible_departments(id) AS codes FROM users WHERE login = $1`, [who])
      return rows[0].codes
    }
    expect(await v('staff.a')).toEqual([SCJG, SCJG_01].sort())
    expect(await v('head.a1')).toEqual([SCJG_01])
    expect(await v('sup')).toEqual([...DEPTS, SCJG_01].sort())
    expect(await v('lead')).toEqual([...DEPTS, SCJG_01].sort())
    expect(await v('city.sup')).toEqual([...DEPTS, SCJG_01, OTHER_DEPT].sort())
    expect(await v('admin')).toEqual([...DEPTS, SCJG_01, OTHER_DEPT].sort())
    expect(await v('wall')).toEqual([])
    expect(await v('nowhere')).toEqual([])
    await h.db.pool.query(`UPDATE users SET active = false WHERE login = 'head.a1'`)
    expect(await v('head.a1')).toEqual([])
    await h.db.pool.query(`UPDATE users SET active = true WHERE login = 'head.a1'`)
  })

  it('is applied inside every case and petition query (scope in SQL, not filtered afterwards)', () => {
    for (const name of ['case_list', 'case_list_count', 'case_list_count_capped', 'case_detail', 'petition_list', 'petition_list_count', 'petition_detail']) {
      expect(sql(name), name).toMatch(/visible_departments\(\$1\)/)
    }
    const routes = ['cases.ts', 'petitions.ts'].map((f) => readFileSync(new URL(`../routes/${f}`, import.meta.url), 'utf8'))
    for (const src of routes) expect(src).not.toMatch(/\.filter\(\s*\(?\w+\)?\s*=>\s*\w+\.department/)
  })
})

describe.each([
  ['cases', '/api/v1/cases', 'caseNo', 'cases'],
  ['petitions', '/api/v1/petitions', 'petitionNo', 'petitions'],
] as const)('%s: scope', (_label, base, idField, key) => {
  const all = key === 'cases' ? Object.keys(CASES) : Object.keys(PETITIONS)

  it.each(Object.keys(SEES))('%s lists exactly its scope, and the total counts only that', async (who) => {
    const res = await get(who, `${base}?limit=500`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    const ids = body.items.map((i: Record<string, string>) => i[idField]).sort()
    expect(ids).toEqual([...SEES[who]![key]].sort())
    expect(body.total).toBe(SEES[who]![key].length)
  })

  it.each(Object.keys(SEES))('%s gets 404 for every record outside its scope and 200 inside', async (who) => {
    for (const id of all) {
      const res = await get(who, `${base}/${encodeURIComponent(id)}`)
      expect(res.statusCode, `${who} ${id}`).toBe(SEES[who]![key].includes(id) ? 200 : 404)
      if (res.statusCode === 404) expect(res.json().code).toBe('NOT_FOUND')
    }
  })

  it('a department filter narrows within the scope and never widens it', async () => {
    const other = await get('staffA', `${base}?department=${ZJJ}`)
    expect(other.json()).toMatchObject({ total: 0, items: [] })
    if (key === 'cases') expect(other.json()).toHaveProperty('totalCapped', false)
    const sub = await get('supervisor', `${base}?department=${SCJG}`)
    expect(sub.json().items.map((i: Record<string, string>) => i.departmentCode).sort()).toEqual([SCJG, SCJG_01])
    const outside = await get('supervisor', `${base}?department=${OTHER_DEPT}`)
    expect(outside.json().total).toBe(0)
  })

  it('the wall display account cannot read them at all', async () => {
    expect((await get('display', base)).statusCode).toBe(403)
    expect((await get('display', `${base}/${all[0]}`)).statusCode).toBe(403)
  })
})

describe('cases: filters, order, paging, detail', () => {
  it('lists newest first, filters by status and level, pages with limit/offset', async () => {
    const all = (await get('admin', '/api/v1/cases')).json()
    expect(all.items.map((i: { caseNo: string }) => i.caseNo)).toEqual(['C-X', 'C-J', 'C-B', 'C-A1', 'C-A'])
    const p2 = (await get('admin', '/api/v1/cases?limit=2&offset=2')).json()
    expect(p2).toMatchObject({ total: 5, items: [{ caseNo: 'C-B' }, { caseNo: 'C-A1' }] })
    expect((await get('admin', '/api/v1/cases?status=accepted')).json().items.map((i: { caseNo: string }) => i.caseNo)).toEqual(['C-X', 'C-B', 'C-A'])
    expect((await get('admin', '/api/v1/cases?level=red')).json().items.map((i: { caseNo: string }) => i.caseNo)).toEqual(['C-B'])
    expect((await get('admin', '/api/v1/cases?status=flying')).statusCode).toBe(400)
    expect((await get('admin', '/api/v1/cases?limit=0')).statusCode).toBe(400)
  })

  it('returns a case with its stages', async () => {
    const res = await get('staffA', '/api/v1/cases/C-A1')
    expect(res.statusCode).toBe(200)
    const c = res.json()
    expect(c).toMatchObject({ caseNo: 'C-A1', departmentCode: SCJG_01, status: 'concluded', level: 'yellow', deadlineDate: '2025-10-20', eventCount: 3 })
    expect(c.stages).toEqual([
      { seq: 1, stage: 'submitted', at: '2025-10-02T02:00:00.000Z', handler: null, opinion: null, departmentCode: SCJG_01, eventId: 'C-A1-1' },
      { seq: 2, stage: 'accepted', at: '2025-10-02T03:00:00.000Z', handler: '李四', opinion: '受理', departmentCode: SCJG_01, eventId: 'C-A1-2' },
    ])
  })
})

describe('personal data', () => {
  const endpoints = ['/api/v1/cases', '/api/v1/cases/C-B', '/api/v1/petitions', '/api/v1/petitions/P-B']

  it.each(['staffB', 'supervisor', 'leader', 'admin', 'citySupervisor'])('is masked for %s by default on every endpoint, including inside state', async (who) => {
    for (const url of endpoints) {
      const res = await get(who, url)
      expect(res.statusCode, url).toBe(200)
      for (const secret of SECRETS) expect(res.body, `${who} ${url}`).not.toContain(secret)
    }
    const detail = (await get(who, '/api/v1/cases/C-B')).json()
    expect(detail.applicant).toEqual({ name: '张*三', idNumber: '440204********1234', phone: '138****5678' })
    expect(detail.state.applicant).toEqual(detail.applicant)
    const pet = (await get(who, '/api/v1/petitions/P-B')).json()
    expect(pet.citizen).toEqual({ name: '周*', idNumber: '440203********3456', phone: '139****1111' })
    expect(pet.state.citizen).toEqual(pet.citizen)
    expect((await get(who, '/api/v1/petitions')).json().items[0].citizen.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
  })

  it.each(['staffA', 'headA1', 'staffB', 'leader'])('cannot be unmasked by %s', async (who) => {
    const before = (await piiAudits()).length
    for (const url of endpoints) {
      const res = await get(who, `${url}?unmask=1`)
      expect(res.statusCode, url).toBe(403)
      expect(res.json().code).toBe('UNMASK_FORBIDDEN')
    }
    expect((await piiAudits()).length).toBe(before)
  })

  it('is shown to a supervisor who asks, and each view is audited with what was shown', async () => {
    const before = (await piiAudits()).length
    const detail = await get('supervisor', '/api/v1/cases/C-B?unmask=1')
    expect(detail.json().applicant).toEqual(APPLICANT)
    expect(detail.json().state.applicant).toEqual(APPLICANT)
    const list = await get('supervisor', '/api/v1/cases?unmask=true&status=accepted')
    expect(list.json().items.map((i: { applicant: unknown }) => i.applicant)).toEqual([APPLICANT, APPLICANT])
    const pet = await get('admin', '/api/v1/petitions/P-X?unmask=1')
    expect(pet.json().citizen).toEqual(CITIZEN)
    const audits = (await piiAudits()).slice(before)
    expect(audits).toEqual([
      { actor: expect.objectContaining({ kind: 'user', name: 'sup' }), entity: 'case', entity_id: 'C-B', after: { ids: ['C-B'], fields: ['applicant', 'state.applicant'], route: '/api/v1/cases/:caseNo' } },
      { actor: expect.objectContaining({ kind: 'user', name: 'sup' }), entity: 'case', entity_id: null, after: { ids: ['C-B', 'C-A'], fields: ['applicant'], route: '/api/v1/cases' } },
      { actor: expect.objectContaining({ kind: 'user', name: 'admin' }), entity: 'petition', entity_id: 'P-X', after: { ids: ['P-X'], fields: ['citizen', 'state.citizen'], route: '/api/v1/petitions/:petitionNo' } },
    ])
  })

  it('is not audited when nothing was shown (out of scope: 404)', async () => {
    const before = (await piiAudits()).length
    expect((await get('supervisor', '/api/v1/cases/C-X?unmask=1')).statusCode).toBe(404)
    expect((await get('supervisor', '/api/v1/cases?unmask=1&department=NOPE')).json().items).toEqual([])
    expect((await piiAudits()).length).toBe(before)
  })

  it('is never reachable anonymously', async () => {
    for (const url of endpoints) {
      const res = await h.app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(401)
      for (const secret of SECRETS) expect(res.body).not.toContain(secret)
    }
  })
})
