/**
 * The item catalogue (事项目录) for administrators: list, edit one item, XLSX export, and XLSX
 * import in two steps — a preview that checks every row and says what would change (nothing
 * saved), then the import itself, all or nothing (any row error: 400, nothing saved); changed
 * limits apply to every case, or with `acceptedFrom` only to the cases accepted from that date
 * (versions of the items' limits, migration 320). Every
 * created or changed item writes an audit row (before/after) in the same transaction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type pg from 'pg'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction, type AuditActor } from '../audit.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { AdminItem, DepartmentCode, ItemCode, ItemImportReport, ItemImportUpload, ItemPatch, type AdminItem as Item, type ItemImportReport as Report } from '../../domain/contracts/api/admin.ts'
import { checkItemRows, fieldChanges, itemChanged } from '../../domain/admin/itemImport.ts'
import { readSheet, writeItems, XLSX_TYPE } from '../admin/itemsXlsx.ts'
import { toEpochDay } from '../../domain/calendar/toEpochDay.ts'
import type { CaseMove, WhatIfSummary } from '../../domain/contracts/api/ruleChanges.ts'
import type { WhatIfResult } from '../../domain/rules/whatIf/types.ts'
import { importLimitsWithClocks, previewImportLimits, type ItemLimitsEdit } from '../../sql/itemLimitsImport.ts'

const ADMIN = ['admin'] as const

interface ItemRow {
  code: string
  name: string
  department_code: string
  case_type: Item['caseType']
  legal_limit: number | null
  legal_unit: Item['legalUnit']
  promised_limit: number | null
  promised_unit: Item['promisedUnit']
  fee_standard: number
  active: boolean
}

const toItem = (r: ItemRow): Item => ({
  code: r.code, name: r.name, departmentCode: r.department_code, caseType: r.case_type, legalLimit: r.legal_limit, legalUnit: r.legal_unit,
  promisedLimit: r.promised_limit, promisedUnit: r.promised_unit, feeStandard: Number(r.fee_standard), active: r.active,
})

const limitsDiffer = (a: Item, b: Item) =>
  a.promisedLimit !== b.promisedLimit || a.legalLimit !== b.legalLimit
  || (b.promisedLimit !== null && a.promisedUnit !== b.promisedUnit) || (b.legalLimit !== null && a.legalUnit !== b.legalUnit)
const limitsRow = (i: Item) => [i.promisedLimit, i.promisedUnit, i.legalLimit, i.legalUnit]

/**
 * Versioned limits (migration 320) when an item's limits are written outside a rule change (this
 * editor's PATCH, the import): a change for every case, once the item has limit versions, is
 * appended as a version for every case too (else a dated one saved before would still govern its
 * cases); a dated import appends a version from its date instead and leaves the catalogue's limits.
 */
async function appendLimitsVersion(client: pg.PoolClient, before: Item, after: Item, acceptedFrom: string | null, login: string): Promise<void> {
  if (!limitsDiffer(before, after)) return
  if (acceptedFrom === null) {
    const { rows } = await client.query<{ n: number }>(sql('item_limit_version_count'), [after.code])
    if (rows[0]!.n === 0) return
  }
  const baseBefore = acceptedFrom === null
    ? JSON.stringify({ promised_limit: before.promisedLimit, promised_unit: before.promisedUnit, legal_limit: before.legalLimit, legal_unit: before.legalUnit })
    : null
  await client.query(sql('item_limit_version_insert'), [after.code, ...limitsRow(after), acceptedFrom, baseBefore, login])
}

const upsertParams = (i: Item) => [i.code, i.name, i.departmentCode, i.caseType, i.legalLimit, i.legalUnit, i.promisedLimit, i.promisedUnit, i.feeStandard, i.active]

async function departmentMap(client: pg.ClientBase): Promise<Map<string, boolean>> {
  const { rows } = await client.query<{ code: string; active: boolean }>(sql('admin_department_all_codes'))
  return new Map(rows.map((r) => [r.code, r.active]))
}

interface Apply { actor: AuditActor; requestId: string; login: string }

/** Writes the created and changed items, their limit versions and their audit rows. */
async function writeImport(client: pg.PoolClient, apply: Apply, acceptedFrom: string | null, created: Item[], updated: Item[], existing: Map<string, Item>): Promise<void> {
  for (const i of created) await client.query(sql('admin_item_upsert'), upsertParams(i))
  for (const i of updated) {
    const was = existing.get(i.code)!
    // dated: the catalogue keeps its limits (the cases accepted before the date), the new ones become a version
    const row = acceptedFrom === null ? i : { ...i, promisedLimit: was.promisedLimit, promisedUnit: was.promisedUnit, legalLimit: was.legalLimit, legalUnit: was.legalUnit }
    await client.query(sql('admin_item_upsert'), upsertParams(row))
    await appendLimitsVersion(client, was, i, acceptedFrom, apply.login)
  }
  for (const i of [...created, ...updated]) {
    const before = existing.get(i.code) ?? null
    await appendAudit(client, { actor: apply.actor, action: before ? 'item.update' : 'item.create', entity: 'item', entityId: i.code, before, after: { ...i, via: 'xlsx-import', ...(acceptedFrom && before && limitsDiffer(before, i) ? { limitsAcceptedFrom: acceptedFrom } : {}) }, requestId: apply.requestId })
  }
}

const editOf = (i: Item): ItemLimitsEdit => ({
  code: i.code,
  promised: i.promisedLimit === null ? null : { value: i.promisedLimit, unit: i.promisedUnit },
  legal: i.legalLimit === null ? null : { value: i.legalLimit, unit: i.legalUnit },
})
const clocksOf = (r: WhatIfResult, nowMs: number): NonNullable<Report['clocks']> =>
  ({ at: new Date(nowMs).toISOString(), summary: r.summary as WhatIfSummary, cases: r.moves.slice(0, 50) as CaseMove[] })

/**
 * Checks the workbook and compares it with the catalogue (rows locked); with `apply`, writes the
 * created and changed items and their audit rows — only when no row has an error. With
 * `acceptedFrom`, the changed limits' effect on the open cases: previewed (nothing saved), or — on
 * apply — the changed items' open clocks recomputed in this transaction at `nowMs`, the answer
 * naming the cases moved (`reproject`: per jurisdiction, the cases left to the projection).
 */
async function runImport(client: pg.PoolClient, base64: string, apply: Apply | null, acceptedFrom: string | null, nowMs: number): Promise<{ report: Report; reproject: Map<string, number> }> {
  const sheet = await readSheet(base64)
  const { items, errors } = checkItemRows(sheet, await departmentMap(client))
  const { rows } = await client.query<ItemRow>(sql('admin_items_lock'), [items.map((i) => i.code)])
  const existing = new Map(rows.map((r) => [r.code, toItem(r)]))
  const created = items.filter((i) => !existing.has(i.code))
  const updated = items.filter((i) => existing.has(i.code) && itemChanged(existing.get(i.code)!, i))
  const report: Report = {
    applied: false, rows: items.length + new Set(errors.filter((e) => e.column !== 'header').map((e) => e.row)).size,
    created: created.map((i) => i.code), updated: updated.map((i) => i.code), unchanged: items.length - created.length - updated.length,
    changes: fieldChanges(updated.map((i) => ({ before: existing.get(i.code)!, after: i }))), errors,
  }
  // the items whose limits a dated import changes: their open clocks move at once (sql/itemLimitsImport.ts)
  const edits = acceptedFrom === null ? [] : updated.filter((i) => limitsDiffer(existing.get(i.code)!, i)).map(editOf)
  if (!apply) {
    if (edits.length > 0 && errors.length === 0) report.clocks = clocksOf(await previewImportLimits(client, edits, acceptedFrom!, nowMs), nowMs)
    return { report, reproject: new Map() }
  }
  if (errors.length > 0) throw new AppError('IMPORT_INVALID', `${errors.length} error(s)`)
  const write = () => writeImport(client, apply, acceptedFrom, created, updated, existing)
  if (edits.length === 0) {
    await write()
    return { report: { ...report, applied: true }, reproject: new Map() }
  }
  const r = await importLimitsWithClocks(client, edits, acceptedFrom!, nowMs, { reason: `item catalogue import (limits from ${acceptedFrom})`, login: apply.login }, write)
  return { report: { ...report, applied: true, clocks: clocksOf(r.preview, nowMs) }, reproject: r.reproject }
}

/** An import's effective-from date, checked: 400 INVALID_DATE for one that does not exist. */
function checkedDate(d: string | undefined): string | null {
  if (d === undefined) return null
  if (Number.isNaN(toEpochDay(d))) throw new AppError('INVALID_DATE', d)
  if (d < '2000' || d > '2100') throw new AppError('VALIDATION_FAILED', 'acceptedFrom: 2000–2100')
  return d
}

const adminItems: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/admin/items',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'The item catalogue, inactive items included',
        querystring: Type.Object({ department: Type.Optional(DepartmentCode), q: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(AdminItem) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { rows } = await app.pg.query<ItemRow>(sql('admin_items'), [req.query.department ?? null, req.query.q?.trim() || null])
      return { items: rows.map(toItem) }
    },
  )

  app.patch(
    '/api/v1/admin/items/:code',
    {
      config: { policy: ADMIN },
      schema: { tags: ['admin'], summary: 'Edit an item (limits, fee, department, type, active)', params: Type.Object({ code: ItemCode }), body: ItemPatch, response: { 200: AdminItem, '4xx': ErrorResponse } },
    },
    async (req) =>
      withTransaction(app.pg, async (client) => {
        const { rows } = await client.query<ItemRow>(sql('admin_item_get'), [req.params.code])
        if (!rows[0]) throw new AppError('NOT_FOUND')
        const before = toItem(rows[0])
        const next: Item = { ...before, ...req.body, name: (req.body.name ?? before.name).trim() }
        if (!next.name) throw new AppError('BLANK_TEXT', 'body/name')
        if (req.body.departmentCode !== undefined && !(await departmentMap(client)).get(next.departmentCode)) throw new AppError('UNKNOWN_DEPARTMENT', 'body/departmentCode')
        if (next.legalLimit !== null && next.promisedLimit !== null && next.legalUnit === next.promisedUnit && next.promisedLimit > next.legalLimit) {
          throw new AppError('VALIDATION_FAILED', 'body/promisedLimit: longer than the legal limit')
        }
        const { rows: saved } = await client.query<ItemRow>(sql('admin_item_upsert'), upsertParams(next))
        await appendLimitsVersion(client, before, next, null, req.user?.login ?? 'admin')
        const after = toItem(saved[0]!)
        await appendAudit(client, { actor: actorOf(req), action: 'item.update', entity: 'item', entityId: after.code, before, after, requestId: req.id })
        return after
      }),
  )

  app.post(
    '/api/v1/admin/items/import/preview',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Check an item catalogue XLSX and say what it would change (nothing is saved)',
        description: 'Every row error with its row, column and reason; the codes that would be created and updated; with acceptedFrom and changed limits, the open cases they would move (`clocks`).',
        body: ItemImportUpload,
        response: { 200: ItemImportReport, '4xx': ErrorResponse },
      },
    },
    async (req) => (await withTransaction(app.pg, (client) => runImport(client, req.body.file, null, checkedDate(req.body.acceptedFrom), Date.now()))).report,
  )

  app.post(
    '/api/v1/admin/items/import',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Import an item catalogue XLSX: all rows or nothing',
        description: 'Re-checks the file; any row error answers 400 IMPORT_INVALID and saves nothing. With acceptedFrom, changed limits apply only to the cases accepted from that date (versions of the items\' limits) and those cases\' clocks are recomputed in the same transaction (`clocks`: the cases moved, as the preview named them); without, to every case, at their next projection.',
        body: ItemImportUpload,
        response: { 200: ItemImportReport, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const login = req.user?.login ?? 'admin'
      const { report, reproject } = await withTransaction(app.pg, (client) => runImport(client, req.body.file, { actor: actorOf(req), requestId: req.id, login }, checkedDate(req.body.acceptedFrom), Date.now()))
      // stopped clocks and stage clocks are the projection's (as after a saved rule change)
      for (const j of reproject.keys()) await app.queues.enqueueMaintenance('recompute', { jurisdictionCode: j, reason: 'item catalogue import', requestedBy: login })
      return report
    },
  )

  app.get(
    '/api/v1/admin/items/export.xlsx',
    {
      config: { policy: ADMIN },
      schema: { tags: ['admin'], summary: 'The item catalogue as XLSX (the import reads it back unchanged)', response: { 200: Type.Unknown({ description: 'XLSX workbook' }), '4xx': ErrorResponse } },
    },
    async (_req, reply) => {
      const { rows } = await app.pg.query<ItemRow>(sql('admin_items'), [null, null])
      const body = await writeItems(rows.map(toItem))
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', "attachment; filename=\"items.xlsx\"; filename*=UTF-8''%E4%BA%8B%E9%A1%B9%E7%9B%AE%E5%BD%95.xlsx").send(body)
    },
  )
}

export default adminItems
