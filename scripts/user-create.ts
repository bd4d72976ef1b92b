/**
 * Creates a user (typically the first admin) and prints its id. The password is never an argument
 * (it would land in the shell history and the process list): it is read from the USER_PASSWORD
 * environment variable, else from the first line of standard input (prompted without echo on a
 * terminal). There is no default password.
 *
 *   npm run user:create -- --login admin --name 管理员 --role admin
 *   echo "$PW" | npm run user:create -- --login zhang.san --name 张三 --role department_staff --department 440204-SCJG
 *   npm run user:create -- --login ca.user --name 李四 --role supervisor --no-password --cert-subject "CN=李四,O=浈江区"
 *
 * Options: --login, --name, --role (repeatable or comma-separated), --department, --jurisdiction,
 * --phone, --email, --cert-subject, --no-password (single sign-on / certificate only).
 * Exit codes: 0 created, 1 refused (taken login, weak password, unknown department…), 2 usage.
 */
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { systemActor } from '../server/audit.ts'
import { loadSecurityConfig } from '../server/config.ts'
import { AppError } from '../server/errors.ts'
import { normaliseSubject } from '../server/auth/cert.ts'
import { isUserRole, USER_ROLES, type UserRole } from '../server/auth/roles.ts'
import { createUser } from '../server/repositories/user-store.ts'

const USAGE = `usage: npm run user:create -- --login NAME --name 显示名 --role ROLE[,ROLE] [--department CODE] [--jurisdiction CODE]
                                [--phone P] [--email E] [--cert-subject DN] [--no-password]
  roles: ${USER_ROLES.join(', ')}
  password: env USER_PASSWORD, else the first line of stdin`

async function readPassword(): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD
  const tty = process.stdin.isTTY === true
  let muted = false
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk)
      cb()
    },
  })
  const rl = createInterface({ input: process.stdin, output, terminal: tty })
  if (tty) process.stderr.write('Password / 密码: ')
  muted = tty
  const line = await new Promise<string>((resolve) => {
    let got = false
    rl.once('line', (l) => {
      got = true
      resolve(l)
    })
    rl.once('close', () => {
      if (!got) resolve('')
    })
  })
  rl.close()
  if (tty) process.stderr.write('\n')
  return line.replace(/\r$/, '')
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        login: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        department: { type: 'string' },
        jurisdiction: { type: 'string' },
        phone: { type: 'string' },
        email: { type: 'string' },
        'cert-subject': { type: 'string' },
        'no-password': { type: 'boolean' },
      },
    }))
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`)
    return 2
  }
  const roles = (values.role ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean)
  if (!values.login || !values.name || roles.length === 0 || !roles.every(isUserRole)) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const url = process.env.DATABASE_URL
  if (!url) {
    process.stderr.write('DATABASE_URL is not set / 未设置 DATABASE_URL\n')
    return 2
  }
  const password = values['no-password'] ? null : await readPassword()
  if (password === '') {
    process.stderr.write('no password given (USER_PASSWORD or stdin) / 未提供密码\n')
    return 2
  }
  const security = loadSecurityConfig(process.env)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('BEGIN')
    const user = await createUser(
      client,
      {
        login: values.login,
        displayName: values.name,
        roles: roles as UserRole[],
        password,
        departmentCode: values.department ?? null,
        jurisdictionCode: values.jurisdiction ?? null,
        phone: values.phone ?? null,
        email: values.email ?? null,
        certSubject: values['cert-subject'] ? normaliseSubject(values['cert-subject']) : null,
      },
      { actor: systemActor('cli:user-create'), requestId: null, passwordMinLength: security.passwordMinLength },
    )
    await client.query('COMMIT')
    process.stdout.write(`${user.id}\n`)
    process.stderr.write(`user "${user.login}" created with roles ${user.roles.join(', ')} / 用户已创建\n`)
    return 0
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    if (err instanceof AppError) {
      process.stderr.write(`${err.code}: ${err.toBody().message} / ${err.toBody().messageEn}${err.detail ? ` (${err.detail})` : ''}\n`)
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
