/** A JSON value as stored in a jsonb column and read back. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Who did it. `id` is the user id, the API key id, or null for the system and anonymous visitors. */
export interface AuditActor {
  kind: 'user' | 'source' | 'system' | 'anonymous'
  id: string | null
  /** Login name, source name, or the name of a system process ("cli", "bootstrap", "worker:sweep"). */
  name: string
}

/** What a caller records: one change, or one view of personal data. */
export interface AuditEntry {
  actor: AuditActor
  /** Dotted verb, e.g. `user.create`, `auth.login`, `pii.view`. */
  action: string
  /** The kind of thing changed: `user`, `case`, `session`, `calendar`, … */
  entity: string
  entityId: string | null
  /** State before the change (null when created); no secrets (password hashes never go here). */
  before: unknown
  /** State after the change (null when deleted). */
  after: unknown
  requestId: string | null
}

/** The hashed content of one audit row: everything but its own hash. */
export interface AuditContent {
  /** Position in the chain, 1, 2, 3, … without gaps. */
  seq: number
  /** ISO-8601 UTC with milliseconds, as `Date#toISOString` writes it. */
  at: string
  actor: AuditActor
  action: string
  entity: string
  entityId: string | null
  before: Json | null
  after: Json | null
  requestId: string | null
  /** Hash of the previous row; `GENESIS_HASH` for the first. */
  prevHash: string
}

/** A stored audit row. */
export interface AuditRecord extends AuditContent {
  hash: string
}

/** The "previous hash" of the first row. */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * The chain head as recorded outside the database (a file, Redis, the log): who can rewrite the
 * audit table cannot rewrite this, so a chain later found shorter than an anchor was truncated.
 */
export interface AuditAnchor {
  /** The head's seq (the last row's) when recorded. */
  seq: number
  /** The head's hash. */
  hash: string
  /** Rows in the table when recorded (equals `seq` in an intact chain). */
  rows: number
  /** When recorded, ISO-8601 UTC. */
  at: string
  /** The database it belongs to (`current_database()`): anchors of other databases are ignored. */
  database: string
}
