import { describe, expect, it } from 'vitest'
import { createChallenge, verifySolution } from 'altcha-lib/v1'
import { sha256Hex } from './sha256.ts'
import { solveChallenge } from './solveChallenge.ts'

describe('the page-side proof-of-work solver', () => {
  it('hashes like WebCrypto, across block boundaries and in UTF-8', async () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(130), '投诉?expires=1&n=12345']) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))
      expect(sha256Hex(s)).toBe([...digest].map((b) => b.toString(16).padStart(2, '0')).join(''))
    }
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it("solves altcha-lib's challenge into a payload the server verifies", async () => {
    const hmacKey = 'test-key'
    const c = await createChallenge({ hmacKey, maxNumber: 5000, expires: new Date(Date.now() + 60_000) })
    const payload = await solveChallenge({ algorithm: c.algorithm, challenge: c.challenge, maxnumber: c.maxnumber ?? 5000, salt: c.salt, signature: c.signature })
    expect(payload).not.toBeNull()
    expect(await verifySolution(payload!, hmacKey, true)).toBe(true)
    expect(await verifySolution(payload!, 'another-key', true)).toBe(false)
  })

  it('gives up on an unknown algorithm', async () => {
    expect(await solveChallenge({ algorithm: 'SHA-1', challenge: 'x', maxnumber: 10, salt: 's', signature: 'y' })).toBeNull()
  })
})
