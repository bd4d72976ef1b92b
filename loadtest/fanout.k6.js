// The wall fan-out scenario for k6 (the Node driver is loadtest/fanout-driver.ts, run by
// `npm run bench:fanout`): 500 wall clients on socket.io while 1,000 events/s go into ingest.
//
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e API_KEY=sk_... \
//          -e DISPLAY_LOGIN=wall.display -e DISPLAY_PASSWORD=... loadtest/fanout.k6.js
//
// The display account: a user with role `display` (e.g. `npm run user:create -- --login
// wall.display --name 大屏 --role display`, password from USER_PASSWORD). setup() signs it in once
// (POST /api/v1/auth/login) and every VU sends its session cookie on the socket.io handshake:
// `sv_session=…`, or `__Host-sv_session=…` when the server runs with COOKIE_SECURE=true (the
// default) — then BASE_URL must be https. Rate limits: the ingest key is exempt; one login only.
//
// socket.io by hand (Engine.IO 4 over a websocket): the server opens with `0{…}`; the client
// connects to the default namespace with `40` (answer `40{"sid":…}`); joins with an ack id,
// `420["room/join",{"room":"wall"}]` → `430[{"ok":true,"room":"wall"}]`; the server then emits
// `42["wall/snapshot",{…}]` and later `42["wall/delta",{…}]`; it pings with `2`, the client
// answers `3`. A version gap is answered with `421["wall/resync",{}]` → `431[{snapshot}]`.
//
// Latency: every event posted is the `submitted` event of a new case, at a constant rate from
// `t0` (setup), so the n-th event was sent at t0 + ⌈n / BATCH⌉ / (RATE / BATCH) s; a delta whose
// tiles.receivedToday reaches base + n reflects it.
import http from 'k6/http'
import ws from 'k6/ws'
import { check } from 'k6'
import { Counter, Trend } from 'k6/metrics'

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8080'
const CLIENTS = Number(__ENV.CLIENTS || 500)
const RATE = Number(__ENV.RATE || 1000) // events per second
const BATCH = Number(__ENV.BATCH || 100) // events per request
const SECONDS = Number(__ENV.SECONDS || 60)
const DEPTS = (__ENV.DEPTS || '440204-SCJG,440204-ZJJ,440204-GA').split(',')
const START_DELAY_S = 15 // time for every VU to connect before the load starts

const latency = new Trend('wall_event_latency', true)
const deltaAge = new Trend('wall_delta_age', true)
const deltas = new Counter('wall_deltas')
const gaps = new Counter('wall_version_gaps')

export const options = {
  setupTimeout: '60s',
  scenarios: {
    wall: { executor: 'per-vu-iterations', exec: 'wall', vus: CLIENTS, iterations: 1, maxDuration: `${SECONDS + START_DELAY_S + 30}s` },
    ingest: {
      executor: 'constant-arrival-rate', exec: 'ingest', rate: RATE / BATCH, timeUnit: '1s', duration: `${SECONDS}s`,
      startTime: `${START_DELAY_S}s`, preAllocatedVUs: 20, maxVUs: 100,
    },
  },
  thresholds: { wall_event_latency: ['p(99)<500'], wall_version_gaps: ['count==0'], checks: ['rate>0.99'] },
}

export function setup() {
  const res = http.post(`${BASE}/api/v1/auth/login`, JSON.stringify({ login: __ENV.DISPLAY_LOGIN || 'wall.display', password: __ENV.DISPLAY_PASSWORD }), { headers: { 'content-type': 'application/json' } })
  check(res, { 'display login (200)': (r) => r.status === 200 })
  const name = res.cookies['__Host-sv_session'] ? '__Host-sv_session' : 'sv_session'
  const cookie = `${name}=${res.cookies[name][0].value}`
  const snap = http.get(`${BASE}/api/v1/wall/snapshot`, { headers: { cookie } })
  check(snap, { 'snapshot (200)': (r) => r.status === 200 })
  const body = /** @type {{ panels: { tiles: { receivedToday: number } } }} */ (snap.json())
  return { cookie, base: body.panels.tiles.receivedToday, t0: Date.now() + START_DELAY_S * 1000 }
}

export function ingest() {
  const now = new Date().toISOString()
  const events = []
  for (let i = 0; i < BATCH; i++) {
    const caseNo = `K6F-${__VU}-${__ITER}-${i}`
    events.push({ eventId: `${caseNo}-1`, kind: 'submitted', occurredAt: now, caseNo, departmentCode: DEPTS[i % DEPTS.length], body: { itemCode: 'K6-ITEM', channel: 'online' } })
  }
  const res = http.post(`${BASE}/api/v1/events`, JSON.stringify(events), { headers: { 'content-type': 'application/json', 'x-api-key': __ENV.API_KEY } })
  check(res, { 'ingest accepted (202)': (r) => r.status === 202 })
}

export function wall(data) {
  const url = `${BASE.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`
  const res = ws.connect(url, { headers: { cookie: data.cookie } }, (socket) => {
    let version = null
    let received = data.base
    const sentAt = (n) => data.t0 + ((Math.ceil(n / BATCH) - 1) * 1000 * BATCH) / RATE
    const apply = (snapshot) => {
      version = snapshot.version
      received = Math.max(received, snapshot.panels.tiles.receivedToday)
    }
    socket.on('message', (msg) => {
      if (msg === '2') return socket.send('3') // ping → pong
      if (msg.startsWith('0')) return socket.send('40') // open → connect to namespace '/'
      if (msg.startsWith('40')) return socket.send('420' + JSON.stringify(['room/join', { room: 'wall' }]))
      if (msg.startsWith('430')) return check(JSON.parse(msg.slice(3))[0], { 'joined wall': (a) => a.ok === true })
      if (msg.startsWith('431')) return apply(JSON.parse(msg.slice(3))[0]) // resync answer
      if (!msg.startsWith('42')) return
      const [event, payload] = JSON.parse(msg.slice(2))
      if (event === 'wall/snapshot') return apply(payload)
      if (event !== 'wall/delta' || version === null) return
      if (payload.version <= version) return // already in the snapshot
      if (payload.version !== version + 1) {
        gaps.add(1)
        version = payload.version
        return socket.send('421' + JSON.stringify(['wall/resync', {}]))
      }
      version = payload.version
      const now = Date.now()
      deltas.add(1)
      deltaAge.add(now - Date.parse(payload.at))
      const tiles = payload.panels.tiles
      if (!tiles || tiles.receivedToday <= received) return
      // one sample per batch newly reflected (the batch's first event)
      for (let n = received - data.base + 1; n <= tiles.receivedToday - data.base; n += BATCH) {
        if (n > 0) latency.add(now - sentAt(n))
      }
      received = tiles.receivedToday
    })
    socket.setTimeout(() => socket.close(), (START_DELAY_S + SECONDS + 10) * 1000 - (Date.now() - (data.t0 - START_DELAY_S * 1000)))
  })
  check(res, { 'websocket upgraded (101)': (r) => r && r.status === 101 })
}
