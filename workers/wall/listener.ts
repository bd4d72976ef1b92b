/**
 * A worker's ear for PostgreSQL notices: LISTEN on one channel on a connection of its own; after
 * an error it reconnects in a second and reports a change (one may have been missed meanwhile).
 * The wall publisher listens to `wall_changed` (the NOTIFY of migrations 060/061's triggers on
 * cases, case_clocks, petitions and cards), the notification wake-up to `notification_due`
 * (migration 380: outbox rows were inserted).
 */
import pg from 'pg'

export interface WallListener {
  close(): Promise<void>
}

export async function listenWallChanges(databaseUrl: string, onChange: () => void, log: (msg: string) => void): Promise<WallListener> {
  return listenChannel(databaseUrl, 'wall_changed', onChange, log)
}

/** LISTEN `channel` (a fixed identifier, never user input); `onChange` on each notice and after a reconnection. */
export async function listenChannel(databaseUrl: string, channel: 'wall_changed' | 'notification_due', onChange: () => void, log: (msg: string) => void): Promise<WallListener> {
  let closed = false
  let listener: pg.Client | null = null
  let reconnect: NodeJS.Timeout | null = null
  const listen = async (): Promise<void> => {
    if (closed) return
    const client = new pg.Client({ connectionString: databaseUrl })
    client.on('notification', () => onChange())
    client.on('error', (err) => {
      log(`${channel} listener error: ${err.message}`)
      client.end().catch(() => {})
      if (listener === client) listener = null
      if (!closed && !reconnect)
        reconnect = setTimeout(() => {
          reconnect = null
          void listen().then(onChange, () => {})
        }, 1000)
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${channel}`)
      listener = client
    } catch (err) {
      client.emit('error', err as Error)
      throw err
    }
  }
  // PostgreSQL unreachable at start: the error handler has scheduled a reconnect; start anyway
  await listen().catch(() => {})
  return {
    async close() {
      closed = true
      if (reconnect) clearTimeout(reconnect)
      await listener?.end().catch(() => {})
    },
  }
}
