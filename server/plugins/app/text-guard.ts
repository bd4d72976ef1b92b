/**
 * Text that PostgreSQL cannot store (U+0000, lone surrogates: `domain/events/findInvalidText`)
 * is refused at the edge, before any handler passes it to a query: 400 INVALID_TEXT naming the
 * field (`query/q`, `params/caseNo`, `body/login`). Without this, `?q=%00` on the case list reached
 * PostgreSQL and came back as a 500.
 *
 * Ingest (`config.textPerEvent`) checks its body itself, event by event (`validateEvent`), so that
 * one such record is rejected and the rest of its batch stored.
 */
import fp from 'fastify-plugin'
import { findInvalidText } from '../../../domain/events/findInvalidText.ts'
import { AppError } from '../../errors.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks the text of its body per item (ingest); the guard checks query and params only. */
    textPerEvent?: boolean
  }
}

export default fp(
  async (app) => {
    app.addHook('preValidation', async (req) => {
      const parts: [string, unknown][] = [['query', req.query], ['params', req.params]]
      if (!req.routeOptions.config.textPerEvent) parts.push(['body', req.body])
      for (const [name, value] of parts) {
        const bad = findInvalidText(value, `/${name}`)
        if (bad) throw new AppError('INVALID_TEXT', `${bad.path.slice(1)}: ${bad.reason === 'nul' ? 'U+0000 (NUL)' : 'lone surrogate'}`)
      }
    })
  },
  { name: 'text-guard' },
)
