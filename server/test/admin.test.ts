/**
 * The administration's APIs on the real PostgreSQL and Redis: departments (create, rename,
 * deactivate), the item catalogue (edit; XLSX import preview with row errors and nothing saved,
 * all-or-nothing import, export read back; an import and an edit of limits effective from a date),
 * source API keys (rotation with a grace period where
 * both keys report, revoke), queue counts — every change in the audit log; others get 403.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { columnHeader, ITEM_COLUMNS } from '../../domain/admin/itemImport.ts'
import type { AdminDepartment, AdminItem, ItemImportReport, QueueStatus, SourceKeyIssued, SourceKeyView } from '../../domain/contracts/api/admin.ts'
import { createContextProvider } from '../../sql/clockContext.ts'

let h: Harness
let admin: TestSession
let supervisor: TestSession

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  h.db.pool.on('error', () => {})
  const a = await createUser(h.db.pool, { login: 'adm.one', roles: ['admin'] })
  const s = await createUser(h.db.pool, { login: 'adm.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  admin = await openSession(h.db.pool, a)
  supervisor = await openSession(h.db.pool, s)
}, 120_000)
afterAll(async () => {
  await h?.close()
})

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, who: TestSession = admin) =>
  h.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) })

async function auditActions(entity: string, entityId: string): Promise<string[]> {
  const { rows } = await h.db.pool.query<{ action: string }>('SELECT action FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY seq', [entity, entityId])
  return rows.map((r) => r.action)
}

async function workbook(rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('事项目录')
  ws.addRow(ITEM_COLUMNS.map(columnHeader))
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
}

describe('organisation', () => {
  it('creates, renames and deactivates a department, each audited; refuses a duplicate and an unknown jurisdiction', async () => {
    const created = await call('POST', '/api/v1/admin/departments', { code: '440204-WJJ', jurisdictionCode: JURISDICTION, name: '卫健局' })
    expect(created.statusCode).toBe(201)
    expect((await call('POST', '/api/v1/admin/departments', { code: '440204-WJJ', jurisdictionCode: JURISDICTION, name: 'x' })).statusCode).toBe(409)
    expect((await call('POST', '/api/v1/admin/departments', { code: 'X-1', jurisdictionCode: '999999', name: 'x' })).json()).toMatchObject({ code: 'UNKNOWN_JURISDICTION' })
    expect((await call('POST', '/api/v1/admin/departments', { code: 'X-2', jurisdictionCode: JURISDICTION, name: '   ' })).json()).toMatchObject({ code: 'BLANK_TEXT' })
    expect((await call('PATCH', '/api/v1/admin/departments/440204-WJJ', { name: '卫生健康局' })).json()).toMatchObject({ name: '卫生健康局', active: true })
    expect((await call('PATCH', '/api/v1/admin/departments/440204-WJJ', { active: false })).json()).toMatchObject({ active: false })
    const list = (await call('GET', '/api/v1/admin/departments')).json() as { items: AdminDepartment[] }
    expect(list.items.find((d) => d.code === '440204-WJJ')).toMatchObject({ name: '卫生健康局', active: false, itemCount: 0 })
    expect(await auditActions('department', '440204-WJJ')).toEqual(['department.create', 'department.update', 'department.deactivate'])
    expect((await call('GET', '/api/v1/admin/jurisdictions')).json()).toEqual({ items: [{ code: JURISDICTION, name: '浈江区', level: 'county', parentCode: null }] })
    expect((await call('POST', '/api/v1/admin/departments', { code: '440204-X', jurisdictionCode: JURISDICTION, name: 'x' }, supervisor)).statusCode).toBe(403)
  })
})

describe('item catalogue', () => {
  const good = ['SX-1', '营业执照', DEPTS[0], '承诺件', 20, '工作日', 5, 'workday', 0, '是']
  it('previews an import with a bad row (nothing saved), refuses to apply it, then applies the fixed file', async () => {
    const bad = await workbook([good, ['SX-2', '施工许可', 'NO-SUCH', 'promised', 20, 'workday', 30, 'workday', -1, '是']])
    const preview = (await call('POST', '/api/v1/admin/items/import/preview', { file: bad })).json() as ItemImportReport
    expect(preview).toMatchObject({ applied: false, rows: 2, created: ['SX-1'], updated: [] })
    expect(preview.errors.map((e) => [e.row, e.column])).toEqual([[3, 'departmentCode'], [3, 'promisedLimit'], [3, 'feeStandard']])
    const refused = await call('POST', '/api/v1/admin/items/import', { file: bad })
    expect(refused.json()).toMatchObject({ code: 'IMPORT_INVALID' })
    expect((await h.db.pool.query("SELECT count(*)::int AS n FROM items WHERE code LIKE 'SX-%'")).rows[0].n).toBe(0)

    const fixed = await workbook([good, ['SX-2', '施工许可', DEPTS[1], 'promised', 20, 'workday', 30, 'day', 12.5, '是']])
    const applied = (await call('POST', '/api/v1/admin/items/import', { file: fixed })).json() as ItemImportReport
    expect(applied).toMatchObject({ applied: true, rows: 2, created: ['SX-1', 'SX-2'], updated: [], unchanged: 0, errors: [] })
    const items = ((await call('GET', '/api/v1/admin/items?q=SX-')).json() as { items: AdminItem[] }).items
    expect(items.find((i) => i.code === 'SX-2')).toEqual({ code: 'SX-2', name: '施工许可', departmentCode: DEPTS[1], caseType: 'promised', legalLimit: 20, legalUnit: 'workday', promisedLimit: 30, promisedUnit: 'day', feeStandard: 12.5, active: true })
    expect(await auditActions('item', 'SX-2')).toEqual(['item.create'])
    // the same file again changes nothing
    expect((await call('POST', '/api/v1/admin/items/import/preview', { file: fixed })).json()).toMatchObject({ created: [], updated: [], unchanged: 2 })
  })

  it('edits an item (audited), refuses a promised limit over the legal one, and exports what imports back unchanged', async () => {
    expect((await call('PATCH', '/api/v1/admin/items/SX-1', { promisedLimit: 3, feeStandard: 10 })).json()).toMatchObject({ promisedLimit: 3, feeStandard: 10 })
    expect((await call('PATCH', '/api/v1/admin/items/SX-1', { promisedLimit: 30 })).statusCode).toBe(400)
    expect(await auditActions('item', 'SX-1')).toEqual(['item.create', 'item.update'])
    const exported = await call('GET', '/api/v1/admin/items/export.xlsx')
    expect(exported.headers['content-type']).toContain('spreadsheetml')
    const back = (await call('POST', '/api/v1/admin/items/import/preview', { file: exported.rawPayload.toString('base64') })).json() as ItemImportReport
    expect(back).toMatchObject({ errors: [], created: [], updated: [] })
    expect(back.unchanged).toBeGreaterThanOrEqual(2)
    // a changed limit and fee: the preview names each field with its old and new value
    const changed = await workbook([['SX-1', '营业执照', DEPTS[0], '承诺件', 20, '工作日', 4, '工作日', 10, '是'], ['SX-2', '施工许可', DEPTS[1], 'promised', 20, 'workday', 30, 'day', 0, '是']])
    expect(((await call('POST', '/api/v1/admin/items/import/preview', { file: changed })).json() as ItemImportReport).changes).toEqual([
      { code: 'SX-1', field: 'promisedLimit', before: 3, after: 4 },
      { code: 'SX-2', field: 'feeStandard', before: 12.5, after: 0 },
    ])
    expect((await call('POST', '/api/v1/admin/items/import/preview', { file: Buffer.from('not a workbook').toString('base64') })).json()).toMatchObject({ code: 'XLSX_INVALID' })
    expect((await call('POST', '/api/v1/admin/items/import/preview', { file: Buffer.from('PK\u0003\u0004 a broken zip').toString('base64') })).json()).toMatchObject({ code: 'XLSX_INVALID' })
  })
})

describe('item catalogue: limits effective from a date (migration 320)', () => {
  it('an import with a date keeps the catalogue\'s limits and adds a version for the cases accepted from it; a later change for every case overrides it', async () => {
    const before = ((await call('GET', '/api/v1/admin/items?q=SX-1')).json() as { items: AdminItem[] }).items.find((i) => i.code === 'SX-1')!
    const file = await workbook([['SX-1', '营业执照', DEPTS[0], '承诺件', 20, '工作日', 4, '工作日', before.feeStandard, '是']])
    expect((await call('POST', '/api/v1/admin/items/import/preview', { file, acceptedFrom: '2027-02-30' })).json()).toMatchObject({ code: 'INVALID_DATE' })
    const applied = (await call('POST', '/api/v1/admin/items/import', { file, acceptedFrom: '2027-01-04' })).json() as ItemImportReport
    expect(applied).toMatchObject({ applied: true, updated: ['SX-1'] })
    expect(((await call('GET', '/api/v1/admin/items?q=SX-1')).json() as { items: AdminItem[] }).items.find((i) => i.code === 'SX-1')!.promisedLimit).toBe(before.promisedLimit)
    const versions = async () => (await h.db.pool.query(`SELECT promised_limit, to_char(accepted_from, 'YYYY-MM-DD') AS f, base_before IS NOT NULL AS restores FROM item_limit_versions WHERE item_code = 'SX-1' ORDER BY id`)).rows
    expect(await versions()).toEqual([{ promised_limit: 4, f: '2027-01-04', restores: false }])
    // the clock context: a case accepted before the date counts the catalogue's limit, one from the date the version's
    const limitFor = async (acceptedAt: string) => (await createContextProvider(h.db.pool).forCase(DEPTS[0], 'SX-1', acceptedAt)).itemPromisedLimit
    expect(await limitFor('2027-01-03T10:00:00+08:00')).toEqual({ value: before.promisedLimit, unit: 'workday' })
    expect(await limitFor('2027-01-04T10:00:00+08:00')).toEqual({ value: 4, unit: 'workday' })
    expect((await createContextProvider(h.db.pool).forCase(DEPTS[0], 'SX-1', '2027-01-04T10:00:00+08:00')).limitsVersion).toMatchObject({ acceptedFrom: '2027-01-04' })
    // the same file without a date: for every case (a version for every case, since the item has versions)
    expect((await call('POST', '/api/v1/admin/items/import', { file })).json()).toMatchObject({ applied: true, updated: ['SX-1'] })
    expect(await versions()).toEqual([{ promised_limit: 4, f: '2027-01-04', restores: false }, { promised_limit: 4, f: null, restores: true }])
    expect((await call('PATCH', '/api/v1/admin/items/SX-1', { promisedLimit: 6 })).json()).toMatchObject({ promisedLimit: 6 })
    expect(await limitFor('2027-01-03T10:00:00+08:00')).toEqual({ value: 6, unit: 'workday' })
    expect(await limitFor('2027-01-05T10:00:00+08:00')).toEqual({ value: 6, unit: 'workday' })
    // an edit that leaves the limits as they are adds no version
    expect((await call('PATCH', '/api/v1/admin/items/SX-1', { feeStandard: 11 })).statusCode).toBe(200)
    expect((await versions()).length).toBe(3)
  })
})

describe('source keys', () => {
  const post = (key: string, id: string) =>
    h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': key }, payload: [{ eventId: id, kind: 'submitted', occurredAt: new Date().toISOString(), caseNo: `K-${id}`, departmentCode: DEPTS[0], body: { itemCode: 'SX-1', applicant: { name: '张三' } } }] })

  it('rotates a key: old and new both accepted during the grace period; grace 0 and revoke end a key at once', async () => {
    const created = (await call('POST', '/api/v1/admin/source-keys', { source: 'hotline', departments: [DEPTS[0]], description: '12345' })).json() as SourceKeyIssued
    expect(created.view).toMatchObject({ source: 'hotline', state: 'active', departments: [DEPTS[0]] })
    expect((await post(created.key, 'k1')).statusCode).toBe(202)

    const rotated = (await call('POST', `/api/v1/admin/source-keys/${created.view.id}/rotate`, { graceHours: 2 })).json() as SourceKeyIssued
    expect(rotated.view).toMatchObject({ source: 'hotline', state: 'active', rotatedFrom: created.view.id, departments: [DEPTS[0]] })
    expect(rotated.previous).toMatchObject({ id: created.view.id, state: 'grace' })
    expect((await post(created.key, 'k2')).statusCode).toBe(202)
    expect((await post(rotated.key, 'k3')).statusCode).toBe(202)

    const again = (await call('POST', `/api/v1/admin/source-keys/${rotated.view.id}/rotate`, { graceHours: 0 })).json() as SourceKeyIssued
    expect((await post(rotated.key, 'k4')).statusCode).toBe(401)
    expect((await post(again.key, 'k5')).statusCode).toBe(202)
    expect((await call('POST', `/api/v1/admin/source-keys/${rotated.view.id}/rotate`, {})).statusCode).toBe(409)

    expect((await call('POST', `/api/v1/admin/source-keys/${again.view.id}/revoke`)).json()).toMatchObject({ state: 'revoked' })
    expect((await post(again.key, 'k6')).statusCode).toBe(401)
    const list = ((await call('GET', '/api/v1/admin/source-keys')).json() as { items: SourceKeyView[] }).items.filter((k) => k.source === 'hotline')
    expect(list.map((k) => k.state).sort()).toEqual(['expired', 'grace', 'revoked'])
    expect(JSON.stringify(list)).not.toContain('secret')
    expect(await auditActions('source_key', created.view.id)).toEqual(['source_key.create', 'source_key.rotate'])
    expect(await auditActions('source_key', again.view.id)).toEqual(['source_key.create', 'source_key.revoke'])
  })
})

describe('operations', () => {
  it('counts jobs per queue', async () => {
    const res = (await call('GET', '/api/v1/admin/queues')).json() as QueueStatus
    expect(res.redis).toBe('ready')
    expect(res.queues.map((q) => q.name).sort()).toEqual(['maintenance', 'notify', 'project'])
    expect(res.queues.find((q) => q.name === 'project')!.waiting).toBeGreaterThanOrEqual(3) // the events posted above, no worker running
    expect((await call('GET', '/api/v1/admin/queues', undefined, supervisor)).statusCode).toBe(403)
  })
})
