/**
 * Fills an SMS gateway's request-body template: `{{phone}}`, `{{text}}` and any other key of
 * `vars` are replaced. With `json` (a JSON template) each value is inserted JSON-escaped without
 * its quotes, so `"{{text}}"` stays valid JSON whatever the text holds; otherwise values are
 * form-URL-encoded. Unknown placeholders become empty.
 *
 * @pure
 * @param template - e.g. `{"mobile":"{{phone}}","content":"{{text}}"}` or `to={{phone}}&msg={{text}}`
 * @param vars - placeholder values
 * @param json - escape for JSON (true) or for `application/x-www-form-urlencoded` (false)
 * @returns the body
 *
 * @example
 * renderGatewayBody('{"to":"{{phone}}","msg":"{{text}}"}', { phone: '13800000000', text: '请"尽快"' }, true)
 * //=> '{"to":"13800000000","msg":"请\\"尽快\\""}'
 */
export function renderGatewayBody(template: string, vars: Readonly<Record<string, string>>, json: boolean): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_m, key: string) => {
    const v = Object.hasOwn(vars, key) ? vars[key]! : ''
    return json ? JSON.stringify(v).slice(1, -1) : encodeURIComponent(v)
  })
}
