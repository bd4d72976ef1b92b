/**
 * The signed-in user's in-app notifications: the inbox (GET /api/v1/notifications), the unread
 * count, mark-read, and live arrivals over socket.io (room `user:<id>`, which the server joins on
 * connect; event `TOPICS.notificationNew`, domain/realtime/topics.ts). One shared state for the
 * bell and the page.
 */
import { shallowRef, ref, readonly, type Ref } from 'vue'
import { createGlobalState, tryOnScopeDispose } from '@vueuse/core'
import type { Socket } from 'socket.io-client'
import { apiFetch } from '../../api/client.ts'
import type { InAppNotification } from '../../../../domain/realtime/notification.ts'
import { TOPICS } from '../../../../domain/realtime/topics.ts'

export type { InAppNotification }

/** The event of a new notification (TOPICS.notificationNew). */
export const NOTIFICATION_NEW = TOPICS.notificationNew

export interface UseNotificationsOptions {
  /**
   * @default io({ transports: ['websocket'] }) (same origin, session cookie), socket.io-client
   * loaded on first use: a page shows its data before it pays for the live connection's code
   */
  connect?: () => Socket | Promise<Socket>
  /** @default 30 */
  pageSize?: number
  /** After the server disconnected the socket (the account changed), connect again after this long. @default 1000 */
  reconnectDelayMs?: number
}

export interface UseNotificationsReturn {
  items: Readonly<Ref<readonly InAppNotification[]>>
  unread: Readonly<Ref<number>>
  connected: Readonly<Ref<boolean>>
  /** The last notification that arrived live (for a toast). */
  latest: Readonly<Ref<InAppNotification | null>>
  /** Loads the inbox and connects the socket (once). */
  start(): Promise<void>
  reload(): Promise<void>
  markRead(ids?: string[]): Promise<void>
  stop(): void
}

export function createNotifications(options: UseNotificationsOptions = {}): UseNotificationsReturn {
  const items = shallowRef<readonly InAppNotification[]>([])
  const unread = ref(0)
  const connected = ref(false)
  const latest = shallowRef<InAppNotification | null>(null)
  let socket: Socket | null = null
  let connecting: Promise<void> | null = null
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined

  async function reload() {
    const r = await apiFetch<{ unread: number; items: InAppNotification[] }>('/api/v1/notifications', { query: { limit: options.pageSize ?? 30 } })
    items.value = r.items
    unread.value = r.unread
  }

  const open = async (): Promise<Socket> => {
    if (options.connect) return options.connect()
    const { io } = await import('socket.io-client')
    return io({ transports: ['websocket'] })
  }

  function connect(): Promise<void> {
    if (socket) return Promise.resolve()
    if (connecting) return connecting
    const attempt: Promise<void> = open().then((s) => {
      if (connecting !== attempt) {
        s.disconnect() // stopped while the socket was being made
        return
      }
      connecting = null
      attach(s)
    }, (err: unknown) => {
      if (connecting === attempt) connecting = null // a later start() tries again
      throw err
    })
    connecting = attempt
    return attempt
  }

  function attach(s: Socket) {
    socket = s
    socket.on('connect', () => {
      connected.value = true
      void reload().catch(() => {}) // anything missed while disconnected
    })
    socket.on('disconnect', (reason: string) => {
      connected.value = false
      // socket.io-client does not come back by itself after the server's disconnect (it does that
      // when the user's sessions or roles change): connect again, under the current session
      if (reason === 'io server disconnect' && reconnectTimer === undefined) {
        reconnectTimer = setTimeout(() => {
          reconnectTimer = undefined
          socket?.connect()
        }, options.reconnectDelayMs ?? 1000)
      }
    })
    socket.on(NOTIFICATION_NEW, (n: InAppNotification) => {
      if (n?.v !== 1 || items.value.some((x) => x.id === n.id)) return
      items.value = [n, ...items.value]
      if (n.readAt === null) unread.value += 1
      latest.value = n
    })
  }

  async function markRead(ids?: string[]) {
    const r = await apiFetch<{ marked: number; unread: number }>('/api/v1/notifications/read', { method: 'POST', body: ids ? { ids } : {} })
    const now = new Date().toISOString()
    items.value = items.value.map((n) => (ids === undefined || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n))
    unread.value = r.unread
  }

  function stop() {
    connecting = null
    if (reconnectTimer !== undefined) clearTimeout(reconnectTimer)
    reconnectTimer = undefined
    socket?.disconnect()
    socket = null
    connected.value = false
  }
  tryOnScopeDispose(stop)

  return {
    items: readonly(items) as Readonly<Ref<readonly InAppNotification[]>>,
    unread: readonly(unread),
    connected: readonly(connected),
    latest: readonly(latest) as Readonly<Ref<InAppNotification | null>>,
    async start() {
      await Promise.all([connect(), reload()])
    },
    reload,
    markRead,
    stop,
  }
}

export const useNotifications = createGlobalState(() => createNotifications())
