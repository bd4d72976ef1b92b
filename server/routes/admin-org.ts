/**
 * The organisation, for administrators: jurisdictions (read) and departments (create, rename,
 * re-order, deactivate/reactivate). Every change writes an audit row in the same transaction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { AdminDepartment, DepartmentCode, DepartmentCreate, DepartmentPatch, Jurisdiction, type AdminDepartment as Department } from '../../domain/contracts/api/admin.ts'

const ADMIN = ['admin'] as const

interface DepartmentRow {
  code: string
  jurisdiction_code: string
  parent_code: string | null
  name: string
  short_name: string | null
  kind: Department['kind']
  sort_order: number
  active: boolean
  item_count: number
  user_count: number
}

const toDepartment = (r: DepartmentRow): Department => ({
  code: r.code,
  jurisdictionCode: r.jurisdiction_code,
  parentCode: r.parent_code,
  name: r.name,
  shortName: r.short_name,
  kind: r.kind,
  sortOrder: r.sort_order,
  active: r.active,
  itemCount: Number(r.item_count),
  userCount: Number(r.user_count),
})

/** The audited fields of a department (counts left out). */
const audited = (d: Department) => ({ name: d.name, shortName: d.shortName, parentCode: d.parentCode, kind: d.kind, sortOrder: d.sortOrder, active: d.active })

const adminOrg: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/admin/jurisdictions',
    { config: { policy: ADMIN }, schema: { tags: ['admin'], summary: 'Every jurisdiction', response: { 200: Type.Object({ items: Type.Array(Jurisdiction) }), '4xx': ErrorResponse } } },
    async () => {
      const { rows } = await app.pg.query<{ code: string; name: string; level: string; parent_code: string | null }>(sql('admin_jurisdictions'))
      return { items: rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code })) }
    },
  )

  app.get(
    '/api/v1/admin/departments',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Every department, inactive ones included, with item and user counts',
        querystring: Type.Object({ jurisdiction: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(AdminDepartment) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { rows } = await app.pg.query<DepartmentRow>(sql('admin_departments'), [req.query.jurisdiction ?? null])
      return { items: rows.map(toDepartment) }
    },
  )

  app.post(
    '/api/v1/admin/departments',
    {
      config: { policy: ADMIN },
      schema: { tags: ['admin'], summary: 'Create a department', body: DepartmentCreate, response: { 201: AdminDepartment, '4xx': ErrorResponse } },
    },
    async (req, reply) => {
      const b = req.body
      if (!b.name.trim()) throw new AppError('BLANK_TEXT', 'body/name')
      const created = await withTransaction(app.pg, async (client) => {
        const { rows: jur } = await client.query(sql('admin_jurisdiction_exists'), [b.jurisdictionCode])
        if (!jur[0]) throw new AppError('UNKNOWN_JURISDICTION', 'body/jurisdictionCode')
        if (b.parentCode) {
          const { rows: parent } = await client.query<DepartmentRow>(sql('admin_department_get'), [b.parentCode])
          if (!parent[0] || parent[0].jurisdiction_code !== b.jurisdictionCode) throw new AppError('UNKNOWN_DEPARTMENT', 'body/parentCode')
        }
        const { rows } = await client.query<DepartmentRow>(sql('admin_department_insert'), [b.code, b.jurisdictionCode, b.parentCode ?? null, b.name.trim(), b.shortName ?? null, b.kind ?? 'agency', b.sortOrder ?? 0])
        if (!rows[0]) throw new AppError('CONFLICT', 'body/code: a department with this code exists')
        const d = toDepartment(rows[0])
        await appendAudit(client, { actor: actorOf(req), action: 'department.create', entity: 'department', entityId: d.code, before: null, after: { jurisdictionCode: d.jurisdictionCode, ...audited(d) }, requestId: req.id })
        return d
      })
      return reply.code(201).send(created)
    },
  )

  app.patch(
    '/api/v1/admin/departments/:code',
    {
      config: { policy: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Rename, re-order, deactivate or reactivate a department',
        description: 'A deactivated department keeps its cases and users; source systems can no longer report for it.',
        params: Type.Object({ code: DepartmentCode }),
        body: DepartmentPatch,
        response: { 200: AdminDepartment, '4xx': ErrorResponse },
      },
    },
    async (req) =>
      withTransaction(app.pg, async (client) => {
        const { rows: found } = await client.query<DepartmentRow>(sql('admin_department_get'), [req.params.code])
        if (!found[0]) throw new AppError('NOT_FOUND')
        const before = toDepartment(found[0])
        const p = req.body
        const name = p.name?.trim() ?? before.name
        if (!name) throw new AppError('BLANK_TEXT', 'body/name')
        const { rows } = await client.query<DepartmentRow>(sql('admin_department_update'), [before.code, name, p.shortName === undefined ? before.shortName : p.shortName, p.sortOrder ?? before.sortOrder, p.active ?? before.active])
        const after = toDepartment(rows[0]!)
        const action = p.active === false && before.active ? 'department.deactivate' : p.active === true && !before.active ? 'department.reactivate' : 'department.update'
        await appendAudit(client, { actor: actorOf(req), action, entity: 'department', entityId: after.code, before: audited(before), after: audited(after), requestId: req.id })
        return after
      }),
  )
}

export default adminOrg
