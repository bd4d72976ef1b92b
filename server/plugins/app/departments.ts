import fp from 'fastify-plugin'
import { sql } from '../../../sql/queries.ts'

export interface DepartmentDirectory {
  /** Known, active department codes; reloaded on a miss at most every `reloadMs`. */
  known(codes: Iterable<string>): Promise<ReadonlySet<string>>
}

declare module 'fastify' {
  interface FastifyInstance {
    departments: DepartmentDirectory
  }
}

export default fp(
  async (app) => {
    let codes = new Set<string>()
    let loadedAt = 0
    const reloadMs = 5_000
    const load = async () => {
      const { rows } = await app.pg.query<{ code: string }>(sql('department_codes'))
      codes = new Set(rows.map((r) => r.code))
      loadedAt = Date.now()
    }
    app.decorate('departments', {
      async known(wanted: Iterable<string>) {
        const missing = [...wanted].some((c) => !codes.has(c))
        if ((missing && Date.now() - loadedAt > reloadMs) || loadedAt === 0) await load()
        return codes
      },
    })
  },
  { name: 'departments', dependencies: ['pg'] },
)
