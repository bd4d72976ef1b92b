/**
 * Vite config of the dashboard (the Vue SPA served by the server at `/`).
 *
 * Run from the repository root:
 *   npx vite --config dashboard/vite.config.ts            (dev server, proxies the API to :8080)
 *   npm run build:dashboard                               (→ dashboard/dist)
 *   npx vite preview --config dashboard/vite.config.ts    (serves dashboard/dist, same proxy)
 */
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type ProxyOptions } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))
/** Where the API server listens in development (server/config.ts: PORT, default 8080). */
const apiTarget = process.env.DASHBOARD_API_TARGET ?? 'http://127.0.0.1:8080'

const proxy: Record<string, ProxyOptions> = {
  '/api': { target: apiTarget, changeOrigin: false },
  '/socket.io': { target: apiTarget, ws: true, changeOrigin: false },
  '/healthz': { target: apiTarget },
  '/readyz': { target: apiTarget },
  '/docs': { target: apiTarget },
}

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The wall runs on government intranets with older kiosk browsers; stay on a conservative target.
    target: 'es2022',
    // Element Plus is imported in full (≈ 880 kB, 280 kB gzip) into its own lazy chunk, loaded only
    // by /console, /window and /admin. Switch to per-component imports if that ever matters.
    chunkSizeWarningLimit: 1000,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false, proxy },
  // strictPort: a screenshot or e2e run against --port 4173 must not silently get another server.
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, proxy },
})
