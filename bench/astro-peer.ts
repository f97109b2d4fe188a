import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {cp, mkdir, rm, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {corpusConfig} from './generate-corpus.js'
import {peersDir} from './eleventy-peer.js'
import {runChild} from './run-child.js'

/** Where Astro is installed on demand: a prefix of its own beside Eleventy's, git-ignored, never in package.json. */
const astroDir = join(peersDir, 'astro')
const astroModules = join(astroDir, 'node_modules')
const astroBin = join(astroModules, 'astro', 'astro.js')

/** Install Astro 5 into `bench/.peers/astro/` unless it is there; returns why it could not be, or undefined when ready. */
export async function ensureAstro(): Promise<string | undefined> {
  if (existsSync(astroBin)) return undefined
  await mkdir(astroDir, {recursive: true})
  const npm = spawnSync('npm', ['install', '--prefix', astroDir, 'astro@5', '--no-audit', '--no-fund'], {encoding: 'utf8', timeout: 10 * 60_000})
  if (npm.status !== 0 || !existsSync(astroBin)) return `npm install astro@5 failed (exit ${npm.status}): ${(npm.stderr ?? '').trim().split('\n').slice(-3).join(' / ')}`
  return undefined
}

/** The Astro version installed, for the table. */
export function astroVersion(): string {
  return (JSON.parse(readFileSync(join(astroModules, 'astro', 'package.json'), 'utf8')) as {version: string}).version
}

const {title, baseUrl, pageSize} = corpusConfig

// The release files as a content collection whose schema is pressroom's front matter; a release's id is its file name,
// so its page is at `/releases/<file name>/` as pressroom's.
const contentConfig = `import {defineCollection, z} from 'astro:content'
import {glob} from 'astro/loaders'

const releases = defineCollection({
  loader: glob({pattern: '**/*.md', base: './releases', generateId: ({entry}) => entry.split('/').pop().replace(/\\.md$/, '')}),
  schema: z.object({
    title: z.string(),
    subtitle: z.string().optional(),
    dateline: z.string(),
    date: z.coerce.date(),
    source: z.union([z.string(), z.object({name: z.string(), url: z.string().url()})]),
    language: z.string(),
    tags: z.array(z.string()),
    media: z.array(z.object({url: z.string(), type: z.string(), caption: z.string().optional(), length: z.number().optional()})).optional(),
    summary: z.string().optional(),
    draft: z.boolean().optional()
  })
})

export const collections = {releases}
`

// The release page, as the Eleventy and Hugo peers' layouts make it.
const releasePage = `---
import {getCollection, render} from 'astro:content'

export async function getStaticPaths() {
  const releases = await getCollection('releases', ({data}) => !data.draft)
  return releases.map((release) => ({params: {id: release.id}, props: {release}}))
}
const {release} = Astro.props
const {data} = release
const {Content} = await render(release)
---
<html lang={data.language}><head><meta charset="utf-8"><title>{data.title} | ${title}</title><meta name="description" content={data.summary ?? ''}><link rel="stylesheet" href="/styles.css"></head>
<body><header><a href="/">${title}</a></header>
<main><article><p>Press release · <time datetime={data.date.toISOString().slice(0, 10)}>{data.date.toDateString()}</time></p>
<h1>{data.title}</h1>{data.subtitle && <p>{data.subtitle}</p>}
<p>{data.dateline} --</p>
<Content />
<ul>{data.tags.map((tag) => <li>{tag}</li>)}</ul></article></main>
</body></html>
`

// The paginated index: every release, newest first, ${pageSize} a page.
const indexPage = `---
import {getCollection} from 'astro:content'

export async function getStaticPaths({paginate}) {
  const releases = (await getCollection('releases', ({data}) => !data.draft)).sort((a, b) => b.data.date.valueOf() - a.data.date.valueOf())
  return paginate(releases, {pageSize: ${pageSize}})
}
const {page} = Astro.props
---
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><ul>
{page.data.map((release) => <li><a href={\`/releases/\${release.id}/\`}>{release.data.title}</a> {release.data.summary}</li>)}
</ul>{page.url.next && <a href={page.url.next}>Older</a>}</body></html>
`

const astroConfig = `import {defineConfig} from 'astro/config'

export default defineConfig({site: '${baseUrl}', output: 'static', cacheDir: './.astro-cache', markdown: {gfm: true, syntaxHighlight: false}})
`

/**
 * An Astro project over the same release files that makes a page per release from its Markdown (a content collection
 * with pressroom's front matter as its schema; Astro's Markdown is remark with GFM, the same stack as pressroom's) and
 * the paginated index, as static output.
 */
export async function prepareAstroProject(corpusDir: string, projectDir: string): Promise<void> {
  await rm(projectDir, {recursive: true, force: true})
  await mkdir(join(projectDir, 'src', 'pages', 'releases'), {recursive: true})
  await cp(join(corpusDir, 'releases'), join(projectDir, 'releases'), {recursive: true})
  await symlink(astroModules, join(projectDir, 'node_modules'), 'dir')
  const files = {
    'package.json': JSON.stringify({name: 'astro-bench', private: true, type: 'module'}),
    'astro.config.mjs': astroConfig,
    // JavaScript, not TypeScript: the repository's tsc checks everything under bench/, a generated project too.
    'src/content.config.mjs': contentConfig,
    'src/pages/releases/[id].astro': releasePage,
    'src/pages/[...page].astro': indexPage
  }
  for (const [name, text] of Object.entries(files)) await writeFile(join(projectDir, name), text)
}

/** One cold Astro build of the project (its output, content store and caches removed first), measured like pressroom's. */
export async function runAstro(projectDir: string) {
  for (const folder of ['dist', '.astro', '.astro-cache']) await rm(join(projectDir, folder), {recursive: true, force: true})
  return runChild([astroBin, 'build'], {cwd: projectDir, measureMemory: true, env: {ASTRO_TELEMETRY_DISABLED: '1'}, timeoutMs: 20 * 60_000})
}
