/**
 * What tests look for when they check that a public text carries no personal data: an ID number
 * (18 characters) or a mainland mobile number, as a run of digits of its own.
 *
 * Hex tokens — the captcha challenge's random hash, salt and signature, the open data's checksums and
 * the audit anchors' hashes — may hold any run of digits ("…fab14140824796aee…" once looked like a
 * mobile number and failed a crawl). They are not text: `withoutHexTokens` blanks them before the
 * patterns are tried. A token needs a letter a–f and 16 characters, so a run of digits (an ID or a
 * phone number) is never taken for one.
 */

export const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/
export const MOBILE_NUMBER = /(?<!\d)1[3-9]\d{9}(?!\d)/

/** The text with every hex token of 16 or more characters (at least one a–f) replaced by `<hex>`. */
export function withoutHexTokens(text: string): string {
  return text.replace(/\b(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{16,}\b/g, '<hex>')
}
