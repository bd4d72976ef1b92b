/**
 * The demo's three accounts, made in one place and in a fixed order, idempotently:
 *
 *   1. administrator `admin` (role admin)                 → /console, and everything else
 *   2. wall display  `wall.display` (role display)        → /wall (`/wall?kiosk=1&rotate=30` unattended)
 *   3. window staff  `window` (department_staff, 市场监管局) → /window
 *
 * Each password is random, made on the first run and kept in `<dataDir>/{admin,wall,window}-password`
 * (mode 600); no password is built in. An account that exists is left as it is; when its password
 * no longer matches the kept one (changed through the UI since), the block says so instead of
 * printing a dead password. `ADMIN_LOGIN` / `ADMIN_PASSWORD` set for the demo name the
 * administrator instead. The window account needs the departments (run after `npm run seed`).
 *
 *   DATABASE_URL=… node --import tsx scripts/demo-accounts.ts [--data-dir .data]   (prints the block)
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { systemActor } from '../server/audit.ts'
import { loadSecurityConfig } from '../server/config.ts'
import { verifyPassword } from '../server/auth/passwords.ts'
import type { UserRole } from '../server/auth/roles.ts'
import { createUser } from '../server/repositories/user-store.ts'
import { sql } from '../sql/queries.ts'

export const DEMO_WINDOW_DEPARTMENT = '440204-SCJG'

export interface DemoAccountSpec {
  /** What the account is for, as printed. */
  label: string
  login: string
  displayName: string
  roles: UserRole[]
  departmentCode: string | null
  /** File under the data dir that keeps its password. */
  passwordFile: string
  /** Prefix of a generated password (so the three are told apart at a glance). */
  prefix: string
  /** The page it is for. */
  page: string
}

/** The three accounts, in the order they are made and printed. */
export function demoAccountSpecs(env: NodeJS.ProcessEnv = process.env): DemoAccountSpec[] {
  return [
    { label: 'administrator 管理员', login: env.ADMIN_LOGIN || 'admin', displayName: env.ADMIN_NAME || '管理员', roles: ['admin'], departmentCode: null, passwordFile: 'admin-password', prefix: 'Sv', page: '/console' },
    { label: 'wall display 指挥大屏', login: 'wall.display', displayName: '指挥大屏', roles: ['display'], departmentCode: null, passwordFile: 'wall-password', prefix: 'Wall', page: '/wall' },
    { label: 'window staff 窗口（市场监管局）', login: 'window', displayName: '市场监督管理局窗口', roles: ['department_staff'], departmentCode: DEMO_WINDOW_DEPARTMENT, passwordFile: 'window-password', prefix: 'Win', page: '/window' },
  ]
}

export type AccountState = 'created' | 'present' | 'password-changed'

export interface DemoAccount {
  spec: DemoAccountSpec
  password: string
  state: AccountState
}

/** The kept password, made (random, mode 600) when missing; `ADMIN_PASSWORD` for the administrator. */
async function keptPassword(dataDir: string, spec: DemoAccountSpec, env: NodeJS.ProcessEnv): Promise<string> {
  if (spec.roles.includes('admin') && env.ADMIN_PASSWORD) return env.ADMIN_PASSWORD
  const file = path.join(dataDir, spec.passwordFile)
  if (!existsSync(file)) {
    await fs.mkdir(dataDir, { recursive: true })
    await fs.writeFile(file, `${spec.prefix}-${randomBytes(9).toString('base64url')}#7\n`, { mode: 0o600 })
  }
  return readFileSync(file, 'utf8').trim()
}

/** Makes sure the three accounts exist (in order); never changes an existing one. */
export async function ensureDemoAccounts(pool: pg.Pool, opts: { dataDir: string; env?: NodeJS.ProcessEnv }): Promise<DemoAccount[]> {
  const env = opts.env ?? process.env
  const minLength = loadSecurityConfig(env).passwordMinLength
  const out: DemoAccount[] = []
  for (const spec of demoAccountSpecs(env)) {
    const password = await keptPassword(opts.dataDir, spec, env)
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const { rows } = await client.query<{ password_hash: string | null }>(sql('auth_user_for_login'), [spec.login])
      let state: AccountState
      if (rows[0]) {
        state = rows[0].password_hash && (await verifyPassword(rows[0].password_hash, password)) ? 'present' : 'password-changed'
      } else {
        await createUser(
          client,
          { login: spec.login, displayName: spec.displayName, roles: spec.roles, password, departmentCode: spec.departmentCode, jurisdictionCode: null, phone: null, email: null, certSubject: null },
          { actor: systemActor('demo:accounts'), requestId: null, passwordMinLength: minLength },
        )
        state = 'created'
      }
      await client.query('COMMIT')
      out.push({ spec, password, state })
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }
  return out
}

/**
 * The block printed at the end of the demo's start-up, one line per account:
 * `  <label>  <login> / <password>  → <url>` (the test reads it back with LOGIN_LINE).
 */
export function formatLoginBlock(accounts: DemoAccount[], baseUrl: string, dataDirShown: string): string[] {
  const width = Math.max(...accounts.map((a) => a.spec.label.length))
  const lines = [`logins 登录账号 (passwords kept in ${dataDirShown}/*-password):`]
  for (const a of accounts) {
    const cred = a.state === 'password-changed' ? `${a.spec.login} / (password changed since the first run: not the one in ${dataDirShown}/${a.spec.passwordFile}; 密码已被修改)` : `${a.spec.login} / ${a.password}`
    lines.push(`  ${a.spec.label.padEnd(width)}  ${cred}  → ${baseUrl}${a.spec.page}`)
  }
  return lines
}

/** One printed login line: label, login, password, URL. */
export const LOGIN_LINE = /^\s+(.+?)\s{2,}(\S+) \/ (\S+)\s+→ (https?:\/\/\S+)$/

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } })
  const url = process.env.DATABASE_URL
  if (!url) {
    process.stderr.write('DATABASE_URL is not set / 未设置 DATABASE_URL\n')
    process.exit(2)
  }
  const dataDir = path.resolve(values['data-dir'] ?? '.data')
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  ensureDemoAccounts(pool, { dataDir })
    .then((accounts) => {
      for (const l of formatLoginBlock(accounts, process.env.BASE_URL ?? 'http://127.0.0.1:8080', path.relative(process.cwd(), dataDir) || '.')) process.stdout.write(`${l}\n`)
    })
    .catch((err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`)
      process.exitCode = 1
    })
    .finally(() => void pool.end())
}
