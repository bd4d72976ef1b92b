/**
 * Creates an API key for a source system and prints it once (only its hash is stored).
 *
 *   npm run key:create -- --source hotline12345 [--departments 440204-SCJG,440204-ZJJ] [--description "12345 热线"]
 *
 * Without --departments the key may report for any department.
 */
import { parseArgs } from 'node:util'
import pg from 'pg'
import { newSourceKey } from '../server/repositories/source-keys.ts'

export async function createSourceKey(pool: pg.Pool | pg.Client, source: string, departments: string[] | null, description: string | null): Promise<string> {
  const k = newSourceKey()
  await pool.query('INSERT INTO source_keys (id, source, secret_hash, departments, description) VALUES ($1, $2, $3, $4, $5)', [
    k.id,
    source,
    k.secretHash,
    departments,
    description,
  ])
  return k.key
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { source: { type: 'string' }, departments: { type: 'string' }, description: { type: 'string' } },
  })
  if (!values.source || !/^[A-Za-z0-9_.-]{1,64}$/.test(values.source)) {
    process.stderr.write('usage: npm run key:create -- --source NAME [--departments CODE,CODE] [--description TEXT]\n')
    process.exit(2)
  }
  const url = process.env.DATABASE_URL
  if (!url) {
    process.stderr.write('DATABASE_URL is not set / 未设置 DATABASE_URL\n')
    process.exit(2)
  }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const departments = values.departments ? values.departments.split(',').map((d) => d.trim()).filter(Boolean) : null
    const key = await createSourceKey(client, values.source, departments, values.description ?? null)
    process.stdout.write(`${key}\n`)
    process.stderr.write(`API key for source "${values.source}" created; it is shown only once. Send it as the x-api-key header.\n`)
  } finally {
    await client.end()
  }
}

if (process.argv[1]?.endsWith('create-key.ts')) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`)
    process.exit(1)
  })
}
