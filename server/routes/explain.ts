/**
 * "Why is this case red?": GET /api/v1/cases/:caseNo/explain renders the case's clock day by day
 * from its folded events and the jurisdiction's calendar (the same computation as the projection),
 * with its level history and its cards. Department scope is enforced in the SQL.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import type { CaseState } from '../../domain/case/foldCase.ts'
import { caseClock } from '../../domain/clock/caseClock.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { CASE_READERS } from '../auth/roles.ts'

const Json = Type.Unknown()

const explain: FastifyPluginAsyncTypebox = async (app) => {
  const context = createContextProvider(app.pg)
  app.get(
    '/api/v1/cases/:caseNo/explain',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['cases'],
        summary: 'Why this deadline and this level: counted days, excluded days, calendar entries, thresholds, level history and cards',
        params: Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: {
          200: Type.Object({
            caseNo: Type.String(),
            level: Type.String(),
            evaluatedAt: Type.String(),
            /** The level scheme version the case is under (versioned schemes, migration 270); null: the shipped default. */
            schemeVersion: Type.Union([
              Type.Object({ id: Type.String(), scope: Type.String(), code: Type.String(), acceptedFrom: Type.Union([Type.String(), Type.Null()]) }),
              Type.Null(),
            ]),
            /** The version of the item's limits the case counts (versioned limits, migration 320); null: the catalogue's limits. */
            limitsVersion: Type.Union([Type.Object({ id: Type.String(), acceptedFrom: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
            clock: Json,
            explanation: Json,
            levelChanges: Type.Array(Json),
            cards: Type.Array(Json),
          }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (req) => {
      const user = req.user
      if (!user) throw new AppError('UNAUTHENTICATED')
      const { rows } = await app.pg.query<{ case_no: string; department_code: string; item_code: string | null; state: CaseState }>(sql('case_explain_source'), [user.userId, req.params.caseNo])
      const row = rows[0]
      if (!row) throw new AppError('NOT_FOUND')
      const ctx = await context.forCase(row.department_code, row.item_code, row.state.acceptedAt)
      const nowMs = Date.now()
      const { explanation, ...clock } = caseClock(row.state, { ...ctx, nowMs, explain: true })
      const [changes, cards] = await Promise.all([
        app.pg.query(sql('case_level_changes'), [row.case_no]),
        app.pg.query(sql('subject_cards'), ['case', row.case_no]),
      ])
      return {
        caseNo: row.case_no,
        level: clock.level,
        evaluatedAt: new Date(nowMs).toISOString(),
        schemeVersion: ctx.schemeVersion,
        limitsVersion: ctx.limitsVersion,
        clock,
        explanation,
        levelChanges: changes.rows,
        cards: cards.rows,
      }
    },
  )
}

export default explain
