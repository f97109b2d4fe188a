import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {basename, resolve} from 'node:path'
import {VFile} from 'vfile'
import {z} from 'zod'
import {closestWord} from './closest-word.js'
import {filesOrNone, listFiles, relativePath} from './find-release-files.js'
import {readFrontMatter} from './read-front-matter.js'
import {report} from '../report/report.js'
import type {Organization, OrganizationSet} from './organization.js'

const contactSchema = z.strictObject({
  name: z.string().trim().min(1),
  role: z.string().trim().min(1).optional(),
  email: z.string().trim().min(1).optional(),
  phone: z.union([z.string(), z.number()]).transform(String).optional()
})

/** The front matter of an organization file; a language variant may leave out any key (it overrides the base's). */
const organizationSchema = z.looseObject({
  name: z.string().trim().min(1),
  url: z.string().trim().min(1).optional(),
  logo: z.string().trim().min(1).optional(),
  tickers: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1))]).optional(),
  contacts: z.union([contactSchema, z.array(contactSchema)]).optional(),
  forwardLooking: z.string().trim().min(1).optional()
})

const expectedOf: Record<string, string> = {
  name: 'the organization\'s name, a string',
  url: 'an absolute http(s) URL',
  logo: 'a site path such as `/media/logo.png` or an https URL',
  tickers: 'a list of `EXCHANGE: SYMBOL` strings such as `NASDAQ: ACME`',
  contacts: 'a list of `{name, role, email, phone}`',
  forwardLooking: 'Markdown text'
}

const fileName = /^([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*))?\.md$/
const tickerPattern = /^[A-Z][A-Z0-9.&-]*: ?[A-Z0-9][A-Z0-9.\-/]*$/

/** The newsroom's organizations, checked: every problem is a message on the vfile of its file (only files with messages are returned). */
export function loadOrganizations(dir: string, cwd: string, baseUrl: string): {files: VFile[]; organizations: OrganizationSet} {
  const root = resolve(cwd, dir)
  const paths = filesOrNone(() => listFiles(root, (name) => name.endsWith('.md') && name !== 'README.md' && !name.startsWith('_') && !name.startsWith('.')))
  const files: VFile[] = []
  const set: OrganizationSet = {bySlug: {}, hashes: {}}
  const hashes = new Map<string, ReturnType<typeof createHash>>()
  const variants: Array<{slug: string; language: string; data: Partial<Organization>; file: VFile}> = []
  for (const path of paths) {
    const bytes = readFileSync(path)
    const file = new VFile({path: relativePath(cwd, path), value: bytes.toString('utf8')})
    const match = fileName.exec(basename(path))
    if (!match) {
      report(file, 'organization-file-name-invalid', `Unexpected organization file name \`${basename(path)}\`, expected \`slug.md\` or \`slug.lang.md\``, {line: 1, column: 1})
      files.push(file)
      continue
    }
    const slug = match[1] as string
    const hash = hashes.get(slug) ?? createHash('sha256')
    hashes.set(slug, hash.update(basename(path)).update('\0').update(bytes).update('\0'))
    const data = readOrganization(file, slug, baseUrl, match[2] !== undefined)
    if (file.messages.length > 0) files.push(file)
    if (!data) continue
    if (match[2] === undefined) set.bySlug[slug] = {base: data as Organization, languages: {}}
    else variants.push({slug, language: match[2].toLowerCase(), data, file})
  }
  for (const variant of variants) {
    const entry = set.bySlug[variant.slug]
    if (!entry) {
      report(variant.file, 'organization-unknown', `Unexpected language variant of \`${variant.slug}\`, expected \`${variant.slug}.md\` beside it`, {line: 1, column: 1})
      if (!files.includes(variant.file)) files.push(variant.file)
      continue
    }
    entry.languages[variant.language] = {...entry.base, ...variant.data}
  }
  for (const [slug, hash] of hashes) set.hashes[slug] = hash.digest('hex').slice(0, 32)
  return {files, organizations: set}
}

function readOrganization(file: VFile, slug: string, baseUrl: string, variant: boolean): Partial<Organization> | undefined {
  const matter = readFrontMatter(file, String(file.value))
  if (!matter) return undefined
  const schema = variant ? organizationSchema.partial() : organizationSchema
  for (const key of Object.keys(matter.data)) {
    if (key in expectedOf) continue
    const near = closestWord(key, Object.keys(expectedOf))
    report(file, 'unknown-key', `Unexpected key \`${key}\`, expected ${near ? `\`${near}\`?` : `one of ${Object.keys(expectedOf).map((k) => `\`${k}\``).join(', ')}`}`, matter.placeOf([key]))
  }
  const result = schema.safeParse(matter.data)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol')
      const key = path.join('.')
      const expected = expectedOf[String(path[0] ?? '')] ?? 'a valid value'
      if (path.length > 0 && issue.input === undefined) report(file, 'missing-key', `Missing required key \`${key}\`, expected ${expected}`, path.length > 1 ? matter.placeOf(path.slice(0, -1)) : {line: 1, column: 1})
      else report(file, 'key-type', `Unexpected \`${key}\` value, expected ${expected}`, matter.placeOf(path, 'value'))
    }
    return undefined
  }
  const data = result.data
  let ok = true
  const tickers = data.tickers === undefined ? undefined : typeof data.tickers === 'string' ? [data.tickers] : data.tickers
  tickers?.forEach((ticker, index) => {
    if (tickerPattern.test(ticker)) return
    ok = false
    report(file, 'ticker-invalid', `Unexpected ticker \`${ticker}\`, expected \`EXCHANGE: SYMBOL\` such as \`NASDAQ: ACME\``, matter.placeOf(typeof data.tickers === 'string' ? ['tickers'] : ['tickers', index], 'value'))
  })
  if (data.url !== undefined && !/^https?:\/\//i.test(data.url)) {
    ok = false
    report(file, 'source-url-invalid', `Unexpected url \`${data.url}\`, expected an absolute http(s) URL`, matter.placeOf(['url'], 'value'))
  }
  let logo = data.logo
  if (logo !== undefined) {
    if (logo.startsWith('/') && !logo.startsWith('//')) logo = baseUrl + logo
    else if (!/^https:\/\//i.test(logo)) {
      ok = false
      report(file, 'media-url-invalid', `Unexpected logo \`${data.logo}\`, expected a site path such as \`/media/logo.png\` or an https URL`, matter.placeOf(['logo'], 'value'))
    }
  }
  if (!ok) return undefined
  const about = matter.body.trim()
  const contacts = data.contacts === undefined ? undefined : Array.isArray(data.contacts) ? data.contacts : [data.contacts]
  const organization: Partial<Organization> = {slug}
  if (data.name !== undefined) organization.name = data.name
  if (data.url !== undefined) organization.url = data.url
  if (logo !== undefined) organization.logo = logo
  if (tickers !== undefined) organization.tickers = tickers
  else if (!variant) organization.tickers = []
  if (contacts !== undefined) organization.contacts = contacts.map((contact) => Object.fromEntries(Object.entries(contact).filter(([, value]) => value !== undefined)) as unknown as Organization['contacts'][number])
  else if (!variant) organization.contacts = []
  if (data.forwardLooking !== undefined) organization.forwardLooking = data.forwardLooking
  if (about !== '' || !variant) organization.about = about
  return organization
}

