/**
 * Masks an e-mail address for logs and lists: the first character of the local part and the
 * domain stay, the rest of the local part becomes `***`. Anything without an `@` is masked whole.
 *
 * @pure
 * @example maskEmail('zhang.san@zj.gov.cn') //=> 'z***@zj.gov.cn'
 * @example maskEmail('nonsense') //=> '***'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return '***'
  return `${Array.from(email)[0]}***${email.slice(at)}`
}
