/**
 * `npm run demo` step: makes sure the demo's department staff account for the approval module
 * exists (window login for 市场监管局 by default), so a visitor can try /window. Idempotent: an
 * existing account is left alone. The password comes from USER_PASSWORD (demo.ts keeps it in
 * .data/window-password); nothing is built in.
 *
 *   USER_PASSWORD=… DATABASE_URL=… node --import tsx scripts/demo-window-user.ts [--login window] [--department 440204-SCJG]
 *
 * Exit codes: 0 present or created, 1 refused (unknown department, weak password), 2 usage.
 */
import { parseArgs } from 'node:util'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { systemActor } from '../server/audit.ts'
import { loadSecurityConfig } from '../server/config.ts'
import { AppError } from '../server/errors.ts'
import { createUser } from '../server/repositories/user-store.ts'
import { sql } from '../sql/queries.ts'

export const DEMO_WINDOW_LOGIN = 'window'
export const DEMO_WINDOW_DEPARTMENT = '440204-SCJG'

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { login: { type: 'string' }, department: { type: 'string' }, name: { type: 'string' } } })
  const url = process.env.DATABASE_URL
  const password = process.env.USER_PASSWORD
  if (!url || !password) {
    process.stderr.write('DATABASE_URL and USER_PASSWORD are required / 需要 DATABASE_URL 与 USER_PASSWORD\n')
    return 2
  }
  const login = values.login ?? DEMO_WINDOW_LOGIN
  const department = values.department ?? DEMO_WINDOW_DEPARTMENT
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const existing = await client.query(sql('auth_user_by_login'), [login])
    if (existing.rows.length > 0) {
      process.stderr.write(`user "${login}" already exists / 用户已存在\n`)
      return 0
    }
    const dept = await client.query<{ name: string }>(sql('window_department_name'), [department])
    if (!dept.rows[0]) {
      process.stderr.write(`unknown department ${department} (run npm run seed first) / 部门不存在\n`)
      return 1
    }
    await client.query('BEGIN')
    await createUser(
      client,
      { login, displayName: values.name ?? `${dept.rows[0].name}窗口`, roles: ['department_staff'], password, departmentCode: department, jurisdictionCode: null, phone: null, email: null, certSubject: null },
      { actor: systemActor('demo:window-user'), requestId: null, passwordMinLength: loadSecurityConfig(process.env).passwordMinLength },
    )
    await client.query('COMMIT')
    process.stderr.write(`department staff "${login}" created for ${department} / 窗口账户已创建\n`)
    return 0
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    if (err instanceof AppError) {
      process.stderr.write(`${err.code}: ${err.toBody().message} / ${err.toBody().messageEn}\n`)
      return 1
    }
    throw err
  } finally {
    await client.end()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`)
      process.exit(1)
    },
  )
}
