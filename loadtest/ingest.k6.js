// k6 run -e BASE_URL=http://127.0.0.1:8080 -e API_KEY=sk_... -e DEPT=440204-SCJG loadtest/ingest.k6.js
// Posts batches of 100 events (one accepted event per new case plus its stages).
import http from 'k6/http'
import { check } from 'k6'

export const options = {
  scenarios: { ingest: { executor: 'constant-arrival-rate', rate: 100, timeUnit: '1s', duration: '60s', preAllocatedVUs: 20 } },
  thresholds: { http_req_duration: ['p(99)<500'], checks: ['rate>0.999'] },
}

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8080'
const DEPT = __ENV.DEPT || '440204-SCJG'

export default function () {
  const now = Date.now()
  const events = []
  for (let i = 0; i < 20; i++) {
    const caseNo = `K6-${__VU}-${__ITER}-${i}`
    const at = (m) => new Date(now - 3600_000 + m * 60_000).toISOString()
    events.push(
      { eventId: `${caseNo}-1`, kind: 'submitted', occurredAt: at(0), caseNo, departmentCode: DEPT, body: { itemCode: 'K6-ITEM' } },
      { eventId: `${caseNo}-2`, kind: 'accepted', occurredAt: at(1), caseNo, departmentCode: DEPT, body: { itemCode: 'K6-ITEM', caseType: 'promised', applicant: { name: '测试' }, promisedLimit: { value: 5, unit: 'workday' } } },
      { eventId: `${caseNo}-3`, kind: 'stage', occurredAt: at(2), caseNo, departmentCode: DEPT, body: { stage: 'undertaken', handler: 'k6' } },
      { eventId: `${caseNo}-4`, kind: 'stage', occurredAt: at(3), caseNo, departmentCode: DEPT, body: { stage: 'reviewed', handler: 'k6' } },
      { eventId: `${caseNo}-5`, kind: 'concluded', occurredAt: at(4), caseNo, departmentCode: DEPT, body: { result: 'approved' } },
    )
  }
  const res = http.post(`${BASE}/api/v1/events`, JSON.stringify(events), { headers: { 'content-type': 'application/json', 'x-api-key': __ENV.API_KEY } })
  check(res, { 'accepted (202)': (r) => r.status === 202 })
}
