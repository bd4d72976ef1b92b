/**
 * Data for the public site's tests: guide items with their materials, concluded cases whose
 * applicants carry personal data (names, ID numbers, phones the PII crawl must never find), and a
 * solver of the site's proof-of-work challenge (as a page would solve it).
 */
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { solveChallenge } from 'altcha-lib/v1'
import { DEPTS } from '../../test/harness.ts'

const [SCJG, ZJJ] = DEPTS

export const GUIDE_ITEMS = {
  food: {
    code: 'PUB-SCJG-01', department: SCJG, name: '食品经营许可证核发', legal: 20, promised: 10, fee: 0,
    feeBasis: '不收费', materials: ['食品经营许可申请书', '营业执照复印件', '食品安全管理制度文本'], process: '申请 → 受理 → 审查 → 决定 → 发证',
  },
  building: {
    code: 'PUB-ZJJ-01', department: ZJJ, name: '建筑工程施工许可证核发', legal: 15, promised: 7, fee: 120,
    feeBasis: '粤发改价格〔2017〕X 号', materials: ['施工许可申请表', '中标通知书'], process: null,
  },
} as const

/** Personal data of the simulated applicants and citizens: must never reach the public site. */
export const SEEDED_PEOPLE = [
  { name: '欧阳明华', idNumber: '440204198507150031', phone: '13922334455' },
  { name: '司马晓燕', idNumber: '44020419900312004X', phone: '13566778899' },
  { name: '诸葛建国', idNumber: '440204197701010017', phone: '18620203030' },
] as const

/** The citizen who files the complaint (name and phone typed into the form). */
export const COMPLAINANT = { name: '上官丽娟', phone: '13711112222' }

export async function seedGuideItems(pool: pg.Pool): Promise<void> {
  for (const it of Object.values(GUIDE_ITEMS)) {
    await pool.query(
      `INSERT INTO items (code, department_code, name, case_type, legal_limit, promised_limit, fee_standard, fee_basis, guide_materials, guide_process)
       VALUES ($1, $2, $3, 'promised', $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [it.code, it.department, it.name, it.legal, it.promised, it.fee, it.feeBasis, it.materials, it.process],
    )
  }
}

/**
 * Ingests `count` cases of an item, accepted and concluded today (on time), through the source API.
 * Applicants cycle through SEEDED_PEOPLE.
 */
export async function ingestConcludedCases(app: FastifyInstance, key: string, itemCode: string, department: string, count: number, tag: string): Promise<void> {
  const now = Date.now()
  const events = []
  for (let i = 0; i < count; i++) {
    const caseNo = `${tag}-${i}`
    const person = SEEDED_PEOPLE[i % SEEDED_PEOPLE.length]!
    const at = (ms: number) => new Date(now - ms).toISOString()
    events.push(
      { eventId: `${caseNo}-a`, kind: 'accepted', occurredAt: at(60_000), caseNo, departmentCode: department, body: { itemCode, caseType: 'promised', applicant: { ...person }, handler: '窗口甲' } },
      { eventId: `${caseNo}-c`, kind: 'concluded', occurredAt: at(30_000), caseNo, departmentCode: department, body: { result: 'approved' } },
    )
  }
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': key }, payload: events })
  if (res.statusCode !== 202) throw new Error(`ingest: ${res.statusCode} ${res.body}`)
}

/** Fetches a challenge and solves it like the page does: base64 of the ALTCHA payload. */
export async function solvedChallenge(app: FastifyInstance): Promise<string> {
  const c = (await app.inject({ method: 'GET', url: '/api/v1/public/challenge' })).json<{ algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string }>()
  const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise
  if (!solution) throw new Error('challenge not solved')
  return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: solution.number, salt: c.salt, signature: c.signature })).toString('base64')
}

export { SCJG, ZJJ }
