import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {inflateSync} from 'node:zlib'
import type {CardFont} from './card-fonts.js'

/**
 * resvg draws a card's text with its own HarfBuzz port, which places Arabic dots and marks where the font says (satori's
 * glyph paths lose them), but it reads only TrueType/OpenType files given by path, and picks a face by its family name.
 * The Noto packages ship WOFF subsets that all share their family's name, so each subset is unpacked here into a
 * TrueType file named after the subset itself (`noto-sans-sc-4`): the card can then ask for exactly the file that
 * holds a word's characters at the word's weight.
 */

// The files this process has written or found, by folder and font, so a build of many cards hashes and asks the file
// system once per font.
const written = new Map<string, string>()

/**
 * The path of a TrueType copy of `font` (read from `woff`) in `folder`, its family renamed to `font.name`: written once
 * per folder, which is the build cache's, so nothing is left behind in the system's temporary folder.
 */
export function cardFontFile(font: CardFont, woff: Buffer, folder: string): string {
  const known = written.get(`${folder}\0${font.file}`)
  if (known !== undefined) return known
  const hash = createHash('sha256').update(woff).update(font.name).digest('hex').slice(0, 16)
  const path = join(folder, `${font.name}-${font.weight}-${hash}.ttf`)
  if (!existsSync(path)) {
    mkdirSync(folder, {recursive: true})
    // Written beside and renamed into place: the render pool's workers may unpack the same subset at once.
    const partial = `${path}.${process.pid}.partial`
    writeFileSync(partial, sfntOfWoff(woff, font.name, font.weight))
    renameSync(partial, path)
  }
  written.set(`${folder}\0${font.file}`, path)
  return path
}

/** The SFNT (TrueType/OpenType) font inside a WOFF 1.0 file, with a `name` table of `family` alone. */
function sfntOfWoff(woff: Buffer, family: string, weight: number): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error(`Expected a WOFF 1.0 font for ${family}`)
  const count = woff.readUInt16BE(12)
  const tables: Array<{tag: string; data: Buffer}> = []
  for (let index = 0; index < count; index++) {
    const at = 44 + index * 20
    const tag = woff.toString('latin1', at, at + 4)
    const offset = woff.readUInt32BE(at + 4)
    const packed = woff.readUInt32BE(at + 8)
    const length = woff.readUInt32BE(at + 12)
    const raw = woff.subarray(offset, offset + packed)
    tables.push({tag, data: tag === 'name' ? nameTable(family, weight) : packed < length ? inflateSync(raw) : raw})
  }
  const header = 12 + count * 16
  const size = tables.reduce((total, table) => total + padded(table.data.length), header)
  const out = Buffer.alloc(size)
  out.writeUInt32BE(woff.readUInt32BE(4), 0)
  out.writeUInt16BE(count, 4)
  const power = 2 ** Math.floor(Math.log2(count))
  out.writeUInt16BE(power * 16, 6)
  out.writeUInt16BE(Math.log2(power), 8)
  out.writeUInt16BE(count * 16 - power * 16, 10)
  let offset = header
  tables.forEach((table, index) => {
    const at = 12 + index * 16
    out.write(table.tag, at, 'latin1')
    out.writeUInt32BE(checksum(table.data), at + 4)
    out.writeUInt32BE(offset, at + 8)
    out.writeUInt32BE(table.data.length, at + 12)
    table.data.copy(out, offset)
    offset += padded(table.data.length)
  })
  return out
}

/** A `name` table (format 0, Windows Unicode English) naming the font `family`, regular or bold. */
function nameTable(family: string, weight: number): Buffer {
  const records: Array<[number, string]> = [
    [1, family],
    [2, weight >= 700 ? 'Bold' : 'Regular'],
    [4, family],
    [6, family.replace(/[^A-Za-z0-9-]/g, '')]
  ]
  const strings = records.map(([, text]) => Buffer.from(text, 'utf16le').swap16())
  const start = 6 + records.length * 12
  const table = Buffer.alloc(start + strings.reduce((total, text) => total + text.length, 0))
  table.writeUInt16BE(0, 0)
  table.writeUInt16BE(records.length, 2)
  table.writeUInt16BE(start, 4)
  let offset = 0
  records.forEach(([id], index) => {
    const at = 6 + index * 12
    const text = strings[index] as Buffer
    table.writeUInt16BE(3, at)
    table.writeUInt16BE(1, at + 2)
    table.writeUInt16BE(0x409, at + 4)
    table.writeUInt16BE(id, at + 6)
    table.writeUInt16BE(text.length, at + 8)
    table.writeUInt16BE(offset, at + 10)
    text.copy(table, start + offset)
    offset += text.length
  })
  return table
}

const padded = (length: number) => (length + 3) & ~3

function checksum(data: Buffer): number {
  let sum = 0
  for (let at = 0; at < data.length; at += 4) {
    const word = at + 4 <= data.length ? data.readUInt32BE(at) : Buffer.concat([data.subarray(at), Buffer.alloc(4)]).readUInt32BE(0)
    sum = (sum + word) >>> 0
  }
  return sum
}
