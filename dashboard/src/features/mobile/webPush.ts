/**
 * Subscribing this browser to Web Push: the server's VAPID public key (GET /api/v1/push/key), the
 * service worker's PushManager, and the subscription registered with the server. Each step can
 * fail on its own (no service worker, permission refused, no push service on an intranet): the
 * answer says which, and the settings page shows it.
 */
import { apiFetch } from '../../api/client.ts'

export type PushState = 'unsupported' | 'denied' | 'off' | 'on' | 'failed'

export async function pushState(): Promise<PushState> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !window.isSecureContext) return 'unsupported'
  if (Notification.permission === 'denied') return 'denied'
  const reg = await navigator.serviceWorker.getRegistration('/m')
  const sub = await reg?.pushManager.getSubscription()
  return sub ? 'on' : 'off'
}

export async function enablePush(): Promise<PushState> {
  if ((await pushState()) === 'unsupported') return 'unsupported'
  if ((await Notification.requestPermission()) !== 'granted') return 'denied'
  try {
    const { publicKey } = await apiFetch<{ publicKey: string }>('/api/v1/push/key')
    const reg = await navigator.serviceWorker.ready
    const key = Uint8Array.from(atob(publicKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
    const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key })
    await apiFetch('/api/v1/push/subscriptions', { method: 'POST', body: sub.toJSON() })
    return 'on'
  } catch {
    return 'failed' // e.g. no push service reachable from this network
  }
}
