/**
 * Build step: writes a gzip (`.gz`) and a brotli (`.br`) copy beside every text asset of the
 * dashboard's build, which the server hands to browsers that accept them (@fastify/static's
 * `preCompressed`, server/app.ts). Compressing once at build time costs nothing per request;
 * the phone pages (/m, /public) on a mobile network load a third of the bytes.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

/** Files worth compressing: text, at least 1 KiB. */
const TEXT = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/
const MIN_BYTES = 1024

/** Compresses every text file under `dir` (recursively); answers the files it wrote. */
export function precompressDir(dir: string): string[] {
  const written: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      written.push(...precompressDir(file))
      continue
    }
    if (!TEXT.test(entry.name) || statSync(file).size < MIN_BYTES) continue
    const bytes = readFileSync(file)
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }))
    writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }))
    written.push(`${file}.gz`, `${file}.br`)
  }
  return written
}

/** The Vite plugin: runs `precompressDir` on the output folder once the bundle is written. */
export function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'supervision:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      precompressDir(outDir)
    },
  }
}
