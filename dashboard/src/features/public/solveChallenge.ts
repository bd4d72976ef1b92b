/**
 * Solves the site's proof-of-work challenge (ALTCHA v1, SHA-256): finds n ≤ maxnumber with
 * sha256(salt + n) = challenge, in slices that yield to the page between them, and returns the
 * payload the server expects (base64 of {algorithm, challenge, number, salt, signature}).
 */
import type { PublicChallenge } from '../../../../domain/contracts/api/public.ts'
import { sha256Hex } from './sha256.ts'

export interface SolveOptions {
  /** Hashes per slice before yielding to the page. @default 2000 */
  slice?: number
  signal?: AbortSignal
}

export async function solveChallenge(c: PublicChallenge, opts: SolveOptions = {}): Promise<string | null> {
  if (c.algorithm !== 'SHA-256') return null
  const slice = opts.slice ?? 2000
  for (let start = 0; start <= c.maxnumber; start += slice) {
    if (opts.signal?.aborted) return null
    const end = Math.min(c.maxnumber, start + slice - 1)
    for (let n = start; n <= end; n++) {
      if (sha256Hex(c.salt + n) === c.challenge) {
        const payload = { algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }
        return btoa(JSON.stringify(payload))
      }
    }
    await new Promise((r) => setTimeout(r, 0))
  }
  return null
}
