/**
 * The mobile API's drill-down (issue 16): a department (open cases by level, 14-day trend, urgings,
 * orders), a case (summary with personal data masked, and its "why" from the same clock
 * computation as GET /api/v1/cases/:caseNo/explain), and the orders awaiting this leader's
 * instruction with their trail. Scoped in SQL; 404 outside the caller's scope.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { MobileAwaiting, MobileCase, MobileDepartmentDetail, type MobileAwaitingOrder, type MobileOpenCase } from '../../domain/contracts/api/mobile.ts'
import { sql } from '../../sql/queries.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { AppError } from '../errors.ts'
import { withEtag } from '../http/etag.ts'
import { DepartmentCode, MOBILE_READERS, MOBILE_ZONE, mobileResponses } from '../mobile/constants.ts'
import { departmentOf, type DepartmentRow } from '../mobile/read.ts'
import { caseWhy, type MobileCaseRow } from '../mobile/why.ts'

interface SupervisionRow { urgings: MobileDepartmentDetail['urgings']; orders: MobileDepartmentDetail['orders'] }

interface AwaitingRow {
  id: string; order_no: string; department_code: string; department_name: string | null; case_no: string | null; opinion: string
  level: MobileAwaitingOrder['level']; due_date: string; appealed_at: Date | null
  steps: { seq: number; kind: string; body: string; actorName: string; at: string }[] | null
}

const mobileDetail: FastifyPluginAsyncTypebox = async (app) => {
  const context = createContextProvider(app.pg)

  app.get('/api/v1/mobile/departments/:code', {
    config: { policy: MOBILE_READERS },
    schema: {
      tags: ['mobile'],
      summary: "One department in your scope: its open cases by level, 14-day trend, latest urgings and orders",
      params: Type.Object({ code: DepartmentCode }),
      response: mobileResponses(MobileDepartmentDetail),
    },
  }, async (req, reply) => {
    const user = req.user!.userId
    const code = req.params.code
    const dept = (await app.pg.query<DepartmentRow>(sql('mobile_departments'), [user, code])).rows[0]
    if (!dept) throw new AppError('NOT_FOUND', `department ${code}`)
    const [cases, trend, sup] = await Promise.all([
      app.pg.query<{ case_no: string; item_name: string | null; level: MobileOpenCase['level']; card_color: MobileOpenCase['cardColor']; deadline_date: string | null; status: string }>(sql('mobile_department_cases'), [user, code, 50]),
      app.pg.query<{ date: string; received: number; concluded: number }>(sql('mobile_department_trend'), [user, code, new Date(), MOBILE_ZONE]),
      app.pg.query<SupervisionRow>(sql('mobile_department_supervision'), [user, code, 10]),
    ])
    const s = sup.rows[0]!
    return withEtag(req, reply, {
      department: departmentOf(dept),
      cases: cases.rows.map((r) => ({ caseNo: r.case_no, itemName: r.item_name, level: r.level, cardColor: r.card_color, deadlineDate: r.deadline_date, status: r.status })),
      trend: trend.rows,
      urgings: s.urgings.map((u) => ({ ...u, createdAt: new Date(u.createdAt).toISOString() })),
      orders: s.orders,
    })
  })

  app.get('/api/v1/mobile/cases/:caseNo', {
    config: { policy: MOBILE_READERS },
    schema: {
      tags: ['mobile'],
      summary: 'One case in your scope: summary (personal data masked), why its deadline and level, its cards',
      params: Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 128 }) }),
      response: mobileResponses(MobileCase),
    },
  }, async (req, reply) => {
    const row = (await app.pg.query<MobileCaseRow>(sql('mobile_case'), [req.user!.userId, req.params.caseNo])).rows[0]
    if (!row) throw new AppError('NOT_FOUND')
    const nowMs = Date.now()
    const ctx = await context.forCase(row.department_code, row.item_code, row.accepted_at?.toISOString() ?? null)
    const [changes, cards] = await Promise.all([
      app.pg.query<{ from_level: string; to_level: string; effective_at: Date }>(sql('case_level_changes'), [row.case_no]),
      app.pg.query<{ id: string; color: 'yellow' | 'red' | null; rule: string; reason: string; issued_at: Date; revokes: string | null }>(sql('subject_cards'), ['case', row.case_no]),
    ])
    return withEtag(req, reply, caseWhy(row, ctx, nowMs, changes.rows, cards.rows), ['why.evaluatedAt'])
  })

  app.get('/api/v1/mobile/awaiting', {
    config: { policy: MOBILE_READERS },
    schema: {
      tags: ['mobile'],
      summary: "Supervision orders awaiting a leader's instruction (appealed) in your scope, with their trail; instruct through POST /api/v1/orders/:id/instruction",
      response: mobileResponses(MobileAwaiting),
    },
  }, async (req, reply) => {
    const { rows } = await app.pg.query<AwaitingRow>(sql('mobile_awaiting'), [req.user!.userId, 30])
    return withEtag(req, reply, {
      items: rows.map((r) => ({
        id: r.id, orderNo: r.order_no, departmentCode: r.department_code, departmentName: r.department_name, caseNo: r.case_no,
        opinion: r.opinion, level: r.level, dueDate: r.due_date, appealedAt: r.appealed_at?.toISOString() ?? null,
        steps: (r.steps ?? []).map((s) => ({ ...s, body: s.body.slice(0, 1000), at: new Date(s.at).toISOString() })),
      })),
    })
  })
}

export default mobileDetail
