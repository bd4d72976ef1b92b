// Code-size rules (issue 15), checked with the TypeScript compiler's own parser; no services.
//
// - No function (declaration, expression, arrow, method, accessor, constructor) longer than
//   MAX_FUNCTION_LINES lines in the non-test .ts files under server/, workers/ and
//   dashboard/src/composables/. A function's length is its text from the line it starts on
//   (after leading comments) to the line it ends on; a nested function counts towards the
//   function that contains it as well. Test files are exempt from this rule (their describe/it
//   callbacks are containers, not jobs), but not from the next one.
// - No .ts file (tests included) longer than MAX_FILE_LINES lines under server/, workers/,
//   dashboard/src/, domain/ and scripts/. Generated data is exempt: a file whose first line
//   contains the marker `@generated` (none today; generated data ships as .json).
// - .vue files are out of scope for both rules.
//
// When this fails, split by job: one function per route group, a service function per long
// handler, small named steps for a long factory, a sibling file per resource.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const MAX_FUNCTION_LINES = 100
const MAX_FILE_LINES = 400

const root = fileURLToPath(new URL('..', import.meta.url))
const FUNCTION_ROOTS = ['server', 'workers', 'dashboard/src/composables']
const FILE_ROOTS = ['server', 'workers', 'dashboard/src', 'domain', 'scripts']
const SKIP_DIRS = new Set(['node_modules', 'dist', '.data'])

function listTs(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(join(root, dir))) {
    if (SKIP_DIRS.has(name)) continue
    const rel = `${dir}/${name}`
    if (statSync(join(root, rel)).isDirectory()) out.push(...listTs(rel))
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel)
  }
  return out
}

const isTest = (file: string): boolean => /\.test\.ts$/.test(file)
const isGenerated = (text: string): boolean => (text.split('\n', 1)[0] ?? '').includes('@generated')

function lineCount(text: string): number {
  const lines = text.split('\n')
  return text.endsWith('\n') ? lines.length - 1 : lines.length
}

function functionName(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.FunctionLikeDeclaration
  if (named.name !== undefined) return named.name.getText(sf)
  if (ts.isConstructorDeclaration(node)) return 'constructor'
  const parent = node.parent
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(sf)
  }
  if (ts.isCallExpression(parent)) {
    // e.g. app.get('/x', async () => ...) → "app.get('/x') callback"
    const callee = parent.expression.getText(sf).slice(0, 40)
    const first = parent.arguments[0]
    const label = first !== undefined && ts.isStringLiteralLike(first) ? `('${first.text}')` : '()'
    return `${callee}${label} callback`
  }
  return '<anonymous>'
}

interface LongFunction { file: string; line: number; name: string; lines: number }

function longFunctions(file: string, text: string, max = MAX_FUNCTION_LINES): LongFunction[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found: LongFunction[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line
      const lines = end - start + 1
      if (lines > max) found.push({ file, line: start + 1, name: functionName(node, sf), lines })
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return found
}

describe('code size (issue 15)', () => {
  it('the checker measures a function from its first to its last line, nested ones included', () => {
    const body = Array.from({ length: 101 }, (_, i) => `  const v${i} = ${i}`).join('\n')
    const src = `// lead\nexport function big() {\n${body}\n}\nconst small = () => 1\nexport const arrow = async () => {\n${body.slice(0, body.lastIndexOf('\n'))}\n}\n`
    const found = longFunctions('x.ts', src)
    // big: 101 body lines + 2 braces = 103; arrow: 100 body lines + 2 = 102; small is 1 line.
    expect(found).toEqual([
      { file: 'x.ts', line: 2, name: 'big', lines: 103 },
      { file: 'x.ts', line: 106, name: 'arrow', lines: 102 },
    ])
    const exact = `function f() {\n${Array.from({ length: 98 }, () => '  ;').join('\n')}\n}\n`
    expect(longFunctions('y.ts', exact)).toEqual([]) // exactly 100 lines is allowed
    const inCall = `app.get('/r', async () => {\n${body}\n})\n`
    expect(longFunctions('z.ts', inCall).map((f) => f.name)).toEqual(["app.get('/r') callback"])
  })

  it(`no function over ${MAX_FUNCTION_LINES} lines in ${FUNCTION_ROOTS.join(', ')}`, () => {
    const offenders = FUNCTION_ROOTS.flatMap(listTs)
      .filter((file) => !isTest(file))
      .flatMap((file) => longFunctions(file, readFileSync(join(root, file), 'utf8')))
      .map((f) => `${f.file}:${f.line}:${f.name}:${f.lines}`)
    expect(offenders, `split these by job:\n${offenders.join('\n')}`).toEqual([])
  })

  it(`no .ts file over ${MAX_FILE_LINES} lines in ${FILE_ROOTS.join(', ')} (generated data excepted)`, () => {
    const offenders: string[] = []
    for (const file of FILE_ROOTS.flatMap(listTs)) {
      const text = readFileSync(join(root, file), 'utf8')
      if (isGenerated(text)) continue
      const lines = lineCount(text)
      if (lines > MAX_FILE_LINES) offenders.push(`${relative('.', file)}:1:<file>:${lines}`)
    }
    expect(offenders, `split these by resource or topic:\n${offenders.join('\n')}`).toEqual([])
  })
})
