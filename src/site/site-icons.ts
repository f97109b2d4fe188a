import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {PressroomError} from '../report/pressroom-error.js'

/** The site's icon as pages link it: where it is, its MIME type and its size (`512x512`, or `any` for SVG). */
export interface SiteIcon {
  href: string
  type: string
  sizes: string
}

/** Where the web manifest is written. */
export const manifestPath = '/manifest.webmanifest'

/**
 * Write the site's icons into `outDir` (which already holds the public folder's files): `favicon.ico` from a PNG icon
 * (browsers and crawlers ask for it whatever the page links), the web manifest, and, for a newsroom without an icon,
 * a monogram of its title, so no page asks for an icon that is not there. The icon the pages link is returned.
 */
export function writeSiteIcons(config: Config, basePath: string, outDir: string): SiteIcon {
  mkdirSync(outDir, {recursive: true})
  const icon = siteIcon(config, basePath, outDir)
  if (!icon.href.startsWith('http') && icon.type === 'image/png' && !existsSync(join(outDir, 'favicon.ico'))) {
    writeFileSync(join(outDir, 'favicon.ico'), icoOfPng(readFileSync(join(outDir, iconFile(config, icon)))))
  }
  const manifest = {
    name: config.title,
    short_name: config.title.length <= 12 ? config.title : (config.title.split(/\s+/)[0] ?? config.title).slice(0, 12),
    ...(config.description ? {description: config.description} : {}),
    lang: config.language,
    start_url: basePath + '/',
    scope: basePath + '/',
    display: 'browser',
    background_color: '#ffffff',
    theme_color: themeColor,
    icons: [{src: icon.href, sizes: icon.sizes, type: icon.type, purpose: 'any'}]
  }
  writeFileSync(join(outDir, manifestPath), JSON.stringify(manifest, null, 2) + '\n')
  return icon
}

/** The colour of the browser's bar and the monogram: the stylesheet's accent. */
export const themeColor = '#0b5cad'

function iconFile(config: Config, icon: SiteIcon): string {
  return config.icon === undefined ? '/icon.svg' : config.icon.startsWith('/') ? decodeURIComponent(config.icon) : icon.href
}

function siteIcon(config: Config, basePath: string, outDir: string): SiteIcon {
  if (config.icon === undefined) {
    writeFileSync(join(outDir, 'icon.svg'), monogram(config.title))
    return {href: basePath + '/icon.svg', type: 'image/svg+xml', sizes: 'any'}
  }
  const svg = /\.svg$/i.test(config.icon)
  if (config.icon.startsWith('http')) return {href: config.icon, type: svg ? 'image/svg+xml' : 'image/png', sizes: 'any'}
  const file = join(outDir, decodeURIComponent(config.icon))
  if (!existsSync(file)) {
    throw new PressroomError('SITE_ICON_MISSING', `Could not find the site icon \`${config.icon}\` in the public folder`, {
      hint: 'Put a square PNG (512×512 is best) or SVG there, or remove `icon` from pressroom.config.json'
    })
  }
  if (svg) return {href: basePath + config.icon, type: 'image/svg+xml', sizes: 'any'}
  const {width, height} = pngSize(readFileSync(file), config.icon)
  return {href: basePath + config.icon, type: 'image/png', sizes: `${width}x${height}`}
}

/** A PNG's width and height, from its header. */
function pngSize(png: Buffer, name: string): {width: number; height: number} {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new PressroomError('SITE_ICON_MISSING', `Could not read the site icon \`${name}\`: expected a PNG file`, {hint: 'Save the icon as PNG, or point `icon` at an SVG file'})
  }
  return {width: png.readUInt32BE(16), height: png.readUInt32BE(20)}
}

/** An ICO file that holds the PNG as it is: every browser since 2007 reads PNG inside ICO. */
function icoOfPng(png: Buffer): Buffer {
  const {width, height} = pngSize(png, 'favicon')
  const header = Buffer.alloc(22)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(1, 4)
  // 0 stands for 256 or more in the one-byte size fields.
  header.writeUInt8(width >= 256 ? 0 : width, 6)
  header.writeUInt8(height >= 256 ? 0 : height, 7)
  header.writeUInt16LE(1, 10)
  header.writeUInt16LE(32, 12)
  header.writeUInt32LE(png.length, 14)
  header.writeUInt32LE(22, 18)
  return Buffer.concat([header, png])
}

/** A square icon with the title's first letter, for a newsroom that has not chosen one. */
function monogram(title: string): string {
  const letter = [...title.trim()][0]?.toUpperCase() ?? 'N'
  const escaped = letter.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="${themeColor}"/><text x="32" y="44" text-anchor="middle" font-family="system-ui, sans-serif" font-size="36" font-weight="700" fill="#fff">${escaped}</text></svg>\n`
}
