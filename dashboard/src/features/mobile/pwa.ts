/**
 * The installable app of /m: the web app manifest (/m/manifest.webmanifest) linked from the page,
 * and the service worker /m/sw.js (scope /m) that keeps the app shell and the last data of each
 * screen with its time, for a phone that loses its network (dashboard/public/m/).
 */
export function installPwa(): void {
  if (typeof document === 'undefined') return
  if (!document.querySelector('link[rel="manifest"]')) {
    const link = document.createElement('link')
    link.rel = 'manifest'
    link.href = '/m/manifest.webmanifest'
    document.head.appendChild(link)
  }
  if (!document.querySelector('meta[name="theme-color"]')) {
    const meta = document.createElement('meta')
    meta.name = 'theme-color'
    meta.content = '#1f5fbf'
    document.head.appendChild(meta)
  }
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('/m/sw.js', { scope: '/m' }).catch(() => {
      /* no service worker (private mode, policy): the page still works, without the offline shell */
    })
  }
}
