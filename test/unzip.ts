/**
 * Reads one file out of a ZIP archive (DOCX, XLSX) with node:zlib only: the central directory gives
 * each entry's offset, method (0 stored, 8 deflated) and compressed size.
 */
import { inflateRawSync } from 'node:zlib'

/** The bytes of `name` in the archive, or null when it has no such entry. */
export function readZipEntry(zip: Buffer, name: string): Buffer | null {
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)')
  const entries = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry')
    const method = zip.readUInt16LE(at + 10)
    const size = zip.readUInt32LE(at + 20)
    const nameLen = zip.readUInt16LE(at + 28)
    const extraLen = zip.readUInt16LE(at + 30)
    const commentLen = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLen)
    if (entryName === name) {
      const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
      const data = zip.subarray(dataAt, dataAt + size)
      return method === 0 ? Buffer.from(data) : inflateRawSync(data)
    }
    at += 46 + nameLen + extraLen + commentLen
  }
  return null
}
