/**
 * Password hashing (argon2id through @node-rs/argon2: prebuilt binaries, no install script) and
 * the password policy.
 */
import { hash, verify } from '@node-rs/argon2'

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (≈ 50 ms on one core). */
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const

/** Hashes a password with argon2id; returns the PHC string (`$argon2id$v=19$m=…`). */
export async function hashPassword(password: string): Promise<string> {
  const phc = await hash(password, PARAMS) // the package's default algorithm is argon2id
  if (!phc.startsWith('$argon2id$')) throw new Error('argon2: expected an argon2id hash')
  return phc
}

/** Checks a password against a PHC string; false (never a throw) for a malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password)
  } catch {
    return false
  }
}

let dummy: Promise<string> | null = null
/**
 * Spends the same time as a real verification, for logins of unknown users, so that timing does
 * not tell which login names exist.
 */
export async function verifyDummy(password: string): Promise<void> {
  dummy ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`)
  await verifyPassword(await dummy, password)
}

export const PASSWORD_MAX_LENGTH = 256

/**
 * The password policy (等保 2.0 practice): at least `minLength` characters (at most 256), at least
 * three of the four classes upper case, lower case, digits and other characters (CJK counts as
 * other), and not the login name. Returns null when the password is acceptable, else the reason
 * (for the error detail).
 *
 * @example checkPasswordPolicy('Abcdef1234', { login: 'admin', minLength: 10 }) // null
 * @example checkPasswordPolicy('abcdefghij', { login: 'admin', minLength: 10 }) // 'needs 3 of 4 character classes'
 */
export function checkPasswordPolicy(password: string, opts: { login: string; minLength: number }): string | null {
  const length = Array.from(password).length
  if (length < opts.minLength) return `at least ${opts.minLength} characters`
  if (length > PASSWORD_MAX_LENGTH) return `at most ${PASSWORD_MAX_LENGTH} characters`
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length
  if (classes < 3) return 'needs 3 of 4 character classes'
  if (opts.login.length >= 3 && password.toLowerCase().includes(opts.login.toLowerCase())) return 'must not contain the login name'
  return null
}
