/**
 * Export of any filtered case list as CSV or XLSX: GET /api/v1/cases/export?format=csv|xlsx with
 * the filters of GET /api/v1/cases. Streamed: rows come from a server-side cursor over exactly the
 * list's statement (`cursorOver('case_export', 'case_list')`, FETCH 500 at a time) and are written as
 * they arrive, waiting for the client to drain; nothing is collected in memory. CSV is UTF-8 with
 * a BOM (Excel opens Chinese correctly). Department scope and masking are the list's: masked by
 * default, unmasked only for supervisors/admins asking `unmask=1`, audited (`pii.view`) — the
 * audit row is committed before the first row is sent.
 */
import { once } from 'node:events'
import { PassThrough, Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
// exceljs is loaded on the first XLSX export, not at start-up: it is the largest module the
// server loads (about a fifth of its import time), and a restarted server should answer quickly.
let excel: Promise<typeof import('exceljs')> | undefined
const loadExcel = () => (excel ??= import('exceljs'))
import type pg from 'pg'
import Type from 'typebox'
import { caseExportHeader } from '../../domain/export/caseExportHeader.ts'
import { caseExportRow } from '../../domain/export/caseExportRow.ts'
import { csvLine } from '../../domain/export/csvLine.ts'
import type { ExportLocale } from '../../domain/export/types.ts'
import { cursorOver, sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { CaseFilterQuery, caseFilters, listParams, type CaseFilters } from '../http/case-filters.ts'
import { caseListItems, type CaseListRow } from '../http/case-list-item.ts'
import { createContextProvider, type ContextProvider } from '../../sql/clockContext.ts'
import { UnmaskQuery, wantsUnmasked } from '../http/pii.ts'
import { CASE_READERS } from '../auth/roles.ts'
import { ErrorResponse } from '../schemas.ts'

/** Times in exports are written in this zone (the jurisdiction's; Asia/Shanghai by default). */
const BOM = '\uFEFF'

type Item = Awaited<ReturnType<typeof caseListItems>>[number]

/**
 * Opens the export cursor on its own connection and transaction; `batches()` yields list items
 * 500 at a time; `close(ok)` ends the transaction and releases the connection (idempotent).
 */
async function openCursor(pool: pg.Pool, userId: string, f: CaseFilters, unmasked: boolean, context: ContextProvider, nowMs: number) {
  const client = await pool.connect()
  let open = true
  const close = async (ok: boolean) => {
    if (!open) return
    open = false
    try {
      await client.query(ok ? 'COMMIT' : 'ROLLBACK')
      client.release()
    } catch (err) {
      client.release(err as Error)
    }
  }
  try {
    await client.query('BEGIN READ ONLY')
    await client.query(cursorOver('case_export', 'case_list'), listParams(userId, f, null, 0))
  } catch (err) {
    await close(false)
    throw err
  }
  async function* batches(): AsyncGenerator<Item[]> {
    for (;;) {
      const { rows } = await client.query<CaseListRow>(sql('case_export_fetch'))
      if (rows.length === 0) return
      yield await caseListItems(rows, unmasked, context, nowMs)
    }
  }
  return { batches, close }
}

const caseExport: FastifyPluginAsyncTypebox = async (app) => {
  const exportZone = app.config.exportTimeZone ?? 'Asia/Shanghai'
  const context = createContextProvider(app.pg)
  app.get(
    '/api/v1/cases/export',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['cases'],
        summary: 'Export the filtered case list as CSV (UTF-8 with BOM) or XLSX, streamed; personal data masked as in the list',
        querystring: Type.Object(
          {
            ...CaseFilterQuery,
            format: Type.Optional(Type.Enum(['csv', 'xlsx'], { description: 'default csv' })),
            lang: Type.Optional(Type.Enum(['zh-CN', 'en'], { description: 'language of headers and labels (default zh-CN)' })),
            unmask: UnmaskQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown({ description: 'the CSV or XLSX file' }), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const q = req.query
      const filters = caseFilters(q)
      const unmasked = wantsUnmasked(req, q.unmask)
      const format = q.format ?? 'csv'
      const lang: ExportLocale = q.lang ?? 'zh-CN'
      const user = req.user!
      if (unmasked) {
        await withTransaction(app.pg, (c) =>
          appendAudit(c, {
            actor: actorOf(req),
            action: 'pii.view',
            entity: 'case',
            entityId: null,
            before: null,
            after: { export: format, filters: { ...filters, from: filters.from?.toISOString() ?? null, to: filters.to?.toISOString() ?? null }, fields: ['applicant'], route: req.routeOptions.url ?? null },
            requestId: req.id,
          }),
        )
      }
      // a READ ONLY cursor: on the read replica while its lag guard allows (app.pgReads)
      const cursor = await openCursor(app.pgReads.pick(), user.userId, filters, unmasked, context, Date.now())
      const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '')
      reply.header('cache-control', 'no-store')
      reply.header('content-disposition', `attachment; filename="cases-${stamp}.${format}"`)

      if (format === 'csv') {
        async function* csv(): AsyncGenerator<string> {
          let ok = false
          try {
            yield BOM + csvLine(caseExportHeader(lang))
            for await (const batch of cursor.batches()) yield batch.map((r) => csvLine(caseExportRow(r, lang, exportZone))).join('')
            ok = true
          } finally {
            await cursor.close(ok) // also when the client goes away (the stream is destroyed)
          }
        }
        reply.type('text/csv; charset=utf-8')
        return reply.send(Readable.from(csv(), { objectMode: false, highWaterMark: 64 * 1024 }))
      }

      const out = new PassThrough({ highWaterMark: 256 * 1024 })
      const mod = await loadExcel()
      // CommonJS: Node's ESM loader puts module.exports on `default`
      const ExcelJS = (mod as { default?: typeof mod }).default ?? mod
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
      const sheet = workbook.addWorksheet(lang === 'en' ? 'Cases' : '办件')
      const write = async () => {
        let ok = false
        try {
          sheet.addRow(caseExportHeader(lang)).commit()
          for await (const batch of cursor.batches()) {
            if (out.destroyed) return
            for (const r of batch) sheet.addRow(caseExportRow(r, lang, exportZone)).commit()
            if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')])
          }
          sheet.commit()
          await workbook.commit()
          ok = true
        } finally {
          await cursor.close(ok)
        }
      }
      write().catch((err: unknown) => {
        req.log.error({ err }, 'xlsx export failed')
        out.destroy(err as Error)
      })
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      return reply.send(out)
    },
  )
}

export default caseExport
