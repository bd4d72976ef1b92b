/**
 * The live side of /m: one socket.io connection (room `mobile` for `mobile/refresh`, the user's own
 * room for in-app notifications), the browser's online state, and the freshness of what the page
 * shows. Freshness never lets cached data look live: `live` only while online, connected and the
 * last read succeeded; otherwise `stale` (with the time of the data shown) or `offline`, and
 * `loading` until the first read and the first attempt to connect have ended. The connection (and
 * socket.io-client's code) starts after the first screen is painted (MobileLayout).
 */
import { computed, ref, type ComputedRef, type Ref } from 'vue'
import { createGlobalState, useEventListener } from '@vueuse/core'
import type { Socket } from 'socket.io-client'
import { TOPICS, type MobileRefresh, type RoomJoinAck } from '../../../../domain/realtime/topics.ts'
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../domain/realtime/socketEvents.ts'
import { createNotifications, type UseNotificationsReturn } from '../shared/useNotifications.ts'

export type Freshness = { state: 'live' } | { state: 'stale'; dataAt: number | null } | { state: 'offline'; dataAt: number | null } | { state: 'loading' }

export interface MobileLive {
  connected: Ref<boolean>
  online: Ref<boolean>
  /** Bumped when the screen should re-read (a refresh event, a notification, back online). */
  tick: Ref<number>
  /** The time of the data on screen, and whether its last read failed (set by useMobileResource). */
  dataAt: Ref<number | null>
  failing: Ref<boolean>
  freshness: ComputedRef<Freshness>
  notifications: UseNotificationsReturn
  lastRefresh: Ref<MobileRefresh | null>
  start(): void
}

export const useMobileLive = createGlobalState((): MobileLive => {
  const connected = ref(false)
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const tick = ref(0)
  const dataAt = ref<number | null>(null)
  const failing = ref(false)
  const lastRefresh = ref<MobileRefresh | null>(null)
  /** The first attempt to connect has ended (connected, or failed): until then the page is still loading. */
  const settled = ref(false)
  let started = false
  let startWanted = false

  // socket.io-client is loaded when the live side starts (after the first screen), not with the page
  const makeSocket = async (): Promise<Socket> => {
    const { io } = await import('socket.io-client')
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket'] })
    s.on('connect', () => {
      connected.value = true
      settled.value = true
      s.emit(TOPICS.roomJoin, { room: 'mobile' }, (_ack: RoomJoinAck) => {})
      tick.value++ // anything missed while away
    })
    s.on('connect_error', () => {
      settled.value = true
    })
    s.on('disconnect', () => {
      connected.value = false
    })
    s.on(TOPICS.mobileRefresh, (r) => {
      if (r?.v !== 1) return
      lastRefresh.value = r
      tick.value++
    })
    s.on(TOPICS.notificationNew, () => {
      tick.value++
    })
    return s as unknown as Socket
  }
  const notifications = createNotifications({ connect: makeSocket })

  useEventListener(typeof window === 'undefined' ? undefined : window, 'online', () => {
    online.value = true
    tick.value++
    if (!started && startWanted) start() // its first attempt found no network
  })
  useEventListener(typeof window === 'undefined' ? undefined : window, 'offline', () => {
    online.value = false
  })

  const freshness = computed<Freshness>(() => {
    if (!online.value) return { state: 'offline', dataAt: dataAt.value }
    if (dataAt.value === null && !failing.value) return { state: 'loading' }
    if (failing.value) return { state: 'stale', dataAt: dataAt.value }
    // the live connection starts after the first screen: not live yet, but not stale either
    if (!connected.value) return settled.value ? { state: 'stale', dataAt: dataAt.value } : { state: 'loading' }
    return { state: 'live' }
  })

  function start() {
    startWanted = true
    if (started) return
    started = true
    // the inbox is data too: its first read dates the screen when no other read has yet
    void notifications.start().then(() => {
      if (dataAt.value === null) dataAt.value = Date.now()
    }).catch(() => {
      failing.value = true
      settled.value = true
      // e.g. offline at launch and socket.io-client's chunk not cached yet: again when back online
      if (!connected.value) started = false
    })
  }

  return { connected, online, tick, dataAt, failing, freshness, notifications, lastRefresh, start }
})
