/*
 * Service worker of the leaders' mobile dashboard /m (scope /m, allowed by the server's
 * Service-Worker-Allowed header). It keeps:
 *   - the app shell: the /m page and the built assets it loaded (cache first, filled as they load);
 *   - the last answer of every GET /api/v1/mobile/* (network first; without network the cached
 *     answer is served with the header `x-sw-cached-at: <ms>`, which the page shows as
 *     "stale since hh:mm" — cached data never looks live).
 * Nothing else is intercepted; personal data is masked in these answers already.
 */
const SHELL = 'm-shell-v1'
const DATA = 'm-data-v1'

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(['/m', '/m/manifest.webmanifest', '/m/icon.svg'])).then(() => self.skipWaiting()))
})
self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k)))).then(() => self.clients.claim()))
})

async function networkFirstData(request) {
  const cache = await caches.open(DATA)
  try {
    const res = await fetch(request)
    if (res.ok) {
      const headers = new Headers(res.headers)
      headers.set('x-sw-cached-at', String(Date.now()))
      await cache.put(request.url, new Response(await res.clone().blob(), { status: 200, headers }))
    }
    return res
  } catch (err) {
    const hit = await cache.match(request.url)
    if (hit) return hit
    throw err
  }
}

async function shellPage(request) {
  const cache = await caches.open(SHELL)
  try {
    const res = await fetch(request)
    if (res.ok) await cache.put('/m', res.clone())
    return res
  } catch (err) {
    const hit = await cache.match('/m')
    if (hit) return hit
    throw err
  }
}

async function asset(request) {
  const cache = await caches.open(SHELL)
  const hit = await cache.match(request)
  if (hit) return hit
  const res = await fetch(request)
  if (res.ok) await cache.put(request, res.clone())
  return res
}

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/v1/mobile/')) {
    // a revalidation (If-None-Match) is the page's own business: let it through untouched
    if (req.headers.has('if-none-match')) {
      event.respondWith(fetch(req).catch(() => caches.open(DATA).then((c) => c.match(req.url)).then((hit) => hit ?? Promise.reject(new Error('offline')))))
      return
    }
    event.respondWith(networkFirstData(req))
  } else if (req.mode === 'navigate' && (url.pathname === '/m' || url.pathname.startsWith('/m/'))) {
    event.respondWith(shellPage(req))
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(req))
  }
})

// Web Push (the workers push each in-app notification; payload: { title, body, url, urgent })
self.addEventListener('push', (event) => {
  let data = { title: '浈江区电子监察', body: '', url: '/m/inbox', urgent: false }
  try {
    data = { ...data, ...event.data.json() }
  } catch (_) {
    /* not JSON: show the default */
  }
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, data: { url: data.url }, icon: '/m/icon-192.png', badge: '/m/icon-192.png', requireInteraction: data.urgent, tag: data.url }))
})
self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = (event.notification.data && event.notification.data.url) || '/m/inbox'
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
    for (const c of list) if (new URL(c.url).pathname.startsWith('/m') && 'focus' in c) return c.navigate(url).then((w) => w && w.focus())
    return self.clients.openWindow(url)
  }))
})
