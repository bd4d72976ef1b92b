/**
 * One CSV record (RFC 4180): fields joined by commas, a field quoted when it holds a comma, a
 * quote, CR or LF (quotes doubled inside), the record ended by CRLF. `null`/`undefined` become
 * empty fields; numbers are written as JavaScript prints them.
 *
 * A field starting with `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'` so that spreadsheet
 * programs do not run it as a formula (CSV injection, OWASP) — except numbers, which are written
 * as numbers.
 *
 * @pure
 * @example csvLine(['A', 'b,c', 'say "hi"', null, 3]) //=> 'A,"b,c","say ""hi""",,3\r\n'
 * @example csvLine(['=1+1']) //=> "'=1+1\r\n"
 */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(field).join(',')}\r\n`
}

function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
