/** The part of `http_ece` (RFC 8188 / RFC 8291 content encoding) the Web Push test uses; the package has no types. */
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto'
  interface EceParams { version: 'aes128gcm'; privateKey?: ECDH; dh?: string; authSecret?: string | Buffer; keyid?: string }
  const ece: { decrypt(buffer: Buffer, params: EceParams): Buffer; encrypt(buffer: Buffer, params: EceParams): Buffer }
  export default ece
}
