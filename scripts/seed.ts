/**
 * Seeds the 浈江区 reference data (jurisdictions, departments, items from data/zhenjiang/) into
 * DATABASE_URL in one transaction — an idempotent upsert — and makes sure the simulator has an API
 * key: `.data/simulator-key` (mode 600) is created when missing or no longer valid. Prints counts,
 * never the key.
 *
 *   DATABASE_URL=… npm run seed
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { sql } from '../sql/queries.ts'
import { withTransaction } from '../sql/transaction.ts'
import { createSourceKey } from './create-key.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DATA_DIR = path.join(ROOT, 'data', 'zhenjiang')
/** Where the simulator's key is kept: SIMULATOR_KEY_FILE (the demo points it into its data dir), else .data/simulator-key. */
export const SIMULATOR_KEY_FILE = process.env.SIMULATOR_KEY_FILE || path.join(ROOT, '.data', 'simulator-key')
export const SIMULATOR_SOURCE = 'simulator'

export interface DistrictData {
  jurisdictions: Array<{ code: string; name: string; level: string; parentCode: string | null; timeZone: string }>
  departments: Array<{ code: string; name: string; shortName: string; kind: string; parentCode: string | null; divisionCode: string | null; sortOrder: number }>
  items: Array<{
    code: string; departmentCode: string; name: string; caseType: string; legalLimit: number | null; legalUnit: 'workday' | 'day'
    promisedLimit: number; promisedUnit: 'workday' | 'day'; feeStandard: number; stageSet: string[]; specialProcedure: boolean; supplementMode: 'restart' | 'pause'
  }>
}

/** Reads data/zhenjiang/departments.json and items.json. */
export function loadDistrictData(dir = DATA_DIR): DistrictData {
  const deps = JSON.parse(readFileSync(path.join(dir, 'departments.json'), 'utf8')) as Pick<DistrictData, 'jurisdictions' | 'departments'>
  const items = JSON.parse(readFileSync(path.join(dir, 'items.json'), 'utf8')) as Pick<DistrictData, 'items'>
  return { jurisdictions: deps.jurisdictions, departments: deps.departments, items: items.items }
}

/** Upserts jurisdictions, departments and items in one transaction. */
export async function seedDistrict(pool: pg.Pool, data: DistrictData = loadDistrictData()): Promise<{ jurisdictions: number; departments: number; items: number }> {
  const county = data.jurisdictions.find((j) => j.level === 'county')
  if (!county) throw new Error('no county jurisdiction in departments.json')
  return withTransaction(pool, async (c) => {
    await c.query(sql('seed_jurisdictions'), [JSON.stringify(data.jurisdictions)])
    await c.query(sql('seed_departments'), [JSON.stringify(data.departments.map((d) => ({ ...d, jurisdictionCode: county.code })))])
    await c.query(sql('seed_items'), [JSON.stringify(data.items)])
    return { jurisdictions: data.jurisdictions.length, departments: data.departments.length, items: data.items.length }
  })
}

/** Makes sure `file` holds a valid simulator key (creating one when missing or revoked). Returns whether it created one. */
export async function ensureSimulatorKey(pool: pg.Pool, file = SIMULATOR_KEY_FILE): Promise<boolean> {
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim()
    const id = /^sk_([0-9a-f]{12})\./.exec(key)?.[1]
    if (id) {
      const { rows } = await pool.query<{ present: boolean }>(sql('seed_source_key_exists'), [id])
      if (rows[0]?.present) return false
    }
  }
  const key = await createSourceKey(pool, SIMULATOR_SOURCE, null, '浈江区演示数据模拟器 (scripts/simulate.ts)')
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, `${key}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return true
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL
  if (!url) {
    process.stderr.write('DATABASE_URL is not set / 未设置 DATABASE_URL\n')
    process.exit(2)
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  try {
    const n = await seedDistrict(pool)
    const created = await ensureSimulatorKey(pool)
    process.stdout.write(`seeded ${n.jurisdictions} jurisdictions, ${n.departments} departments, ${n.items} items; simulator key ${created ? 'created in' : 'kept in'} ${path.relative(process.cwd(), SIMULATOR_KEY_FILE)}\n`)
  } finally {
    await pool.end()
  }
}

if (process.argv[1]?.endsWith('seed.ts')) {
  main().catch((err: unknown) => {
    process.stderr.write(`seed failed: ${(err as Error).message}\n`)
    process.exit(1)
  })
}
