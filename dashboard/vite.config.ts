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
import { offlineCss } from './offlineCss.ts'
import { precompress } from './precompress.ts'
import { mobileHtml } from './mobileHtml.ts'

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
  // offlineCss: no font source on another host (Vant's icon font lists one); precompress: .gz and
  // .br beside each text asset, served by the server to browsers that accept them; mobileHtml: m.html,
  // the page for /m, preloading its first screen's chunks
  plugins: [vue(), offlineCss(), mobileHtml(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The wall runs on government intranets with older kiosk browsers; stay on a conservative target.
    target: 'es2022',
    // A manifest of the chunk graph: test/chunks.test.ts checks what each surface loads.
    manifest: true,
    // Each heavy library in a chunk of its own, loaded only by the surface that needs it: Element
    // Plus (imported in full, ≈ 830 kB) by /console, /window and /admin; ECharts by the wall;
    // maplibre-gl by the wall's map. maplibre-gl ships as one prebuilt module of 1.11 MB (its
    // dist/maplibre-gl.mjs), which no bundler can split: the limit sits just above it, so any
    // other chunk over 1,000 kB still warns … and the test fails.
    chunkSizeWarningLimit: 1150,
    rolldownOptions: {
      // m.html: /m's own page and entry (features/mobile/main.ts), see mobileHtml.ts
      input: { index: `${root}index.html`, m: `${root}m.html` },
      output: {
        codeSplitting: {
          // only the matched packages, not everything they import (vue would follow echarts)
          includeDependenciesRecursively: false,
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/, priority: 30 },
            { name: 'vant', test: /node_modules[\\/](vant|@vant)[\\/]/, priority: 15 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/, priority: 20 },
            // what both pages' entries (index.html, m.html) run first, in one chunk each rather than
            // the handful of shared pieces the split would otherwise make: Vue and its router; the
            // shell (the app, the router's guard, the session, the Chinese core texts, the API client)
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/, priority: 5 },
            { name: 'shell', test: /dashboard[\\/]src[\\/](App\.vue|surfaceRouter\.ts|authGuard\.ts|styles[\\/]base\.css|i18n[\\/](index|zh-CN|locales|namespaces)\.ts|api[\\/]client\.ts|composables[\\/]useSession\.ts|features[\\/]shared[\\/]visitBeacon\.ts)|domain[\\/]contracts[\\/]surfaces\.ts|node_modules[\\/]@vueuse[\\/]|vite[\\/]preload-helper/, priority: 4 },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|async-validator|dayjs|lodash-unified|lodash-es|memoize-one|normalize-wheel-es|@ctrl[\\/]tinycolor|@popperjs)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false, proxy },
  // strictPort: a screenshot or e2e run against --port 4173 must not silently get another server.
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, proxy },
})
