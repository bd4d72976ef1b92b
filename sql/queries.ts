/**
 * Runtime SQL: one statement per file in sql/queries/, with a header comment listing $1..$n.
 * Loaded by name once and cached; TypeScript never builds SQL strings.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const DIR = fileURLToPath(new URL('./queries/', import.meta.url))
const cache = new Map<string, string>()

/** The text of `sql/queries/<name>.sql`. Throws at first use for a missing file (a programming error). */
export function sql(name: string): string {
  let text = cache.get(name)
  if (text === undefined) {
    text = readFileSync(path.join(DIR, `${name}.sql`), 'utf8')
    cache.set(name, text)
  }
  return text
}

/**
 * A cursor over exactly a query file's statement (`DECLARE <cursor> NO SCROLL CURSOR FOR <query>`), for
 * streamed reads (FETCH from it inside the same transaction) that must return the rows and order of the
 * paged statement: one text, so the two cannot drift apart. `cursor` is a fixed identifier of the caller's.
 */
export function cursorOver(cursor: string, name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(cursor)) throw new Error(`cursor name ${cursor} is not a plain identifier`)
  const key = `cursor:${cursor}:${name}`
  let text = cache.get(key)
  if (text === undefined) {
    text = `DECLARE ${cursor} NO SCROLL CURSOR FOR\n${sql(name)}`
    cache.set(key, text)
  }
  return text
}

/** Names of every query file, for a test that each one at least parses on the real server. */
export function queryNames(): string[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4)).sort()
}

/** A query of `sql/queries/<name>.sql` as a named statement: parsed and planned on a connection once. */
export interface PreparedQuery {
  name: string
  text: string
  values: unknown[]
}

/**
 * `sql(name)` with its parameters as a named (prepared) statement of node-postgres: each pooled
 * connection parses it on first use only, and the server may keep one generic plan for it (its
 * plan cache's choice: a custom plan for each run unless the generic one costs no more). For the
 * hot reads of a few milliseconds whose parse and plan were a third of their time (the wall's
 * snapshot, sql/wall.ts). One text per name: the file's.
 */
export function prepared(name: string, values: unknown[] = []): PreparedQuery {
  return { name, text: sql(name), values }
}
