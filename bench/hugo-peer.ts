import {spawnSync} from 'node:child_process'
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {basename, join} from 'node:path'
import {corpusConfig} from './generate-corpus.js'
import {runChild} from './run-child.js'

/** Whether a command runs at all (exit code 0). */
function succeeds(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {stdio: 'ignore'})
  return result.error === undefined && result.status === 0
}

/**
 * Install Debian's `hugo` package unless `hugo` runs already (as root only: the bench installs no system package
 * otherwise); returns why Hugo cannot be measured, or undefined when it is ready.
 */
export function ensureHugo(): string | undefined {
  if (succeeds('hugo', ['version'])) return undefined
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot) return 'hugo is missing; install it with `sudo apt-get install -y hugo`'
  const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'}
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'hugo']]) {
    const result = spawnSync('apt-get', args, {encoding: 'utf8', env, timeout: 10 * 60_000})
    if (result.status !== 0) return `\`apt-get ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}): ${(result.stderr ?? '').trim().split('\n').slice(-2).join(' / ')}`
  }
  return succeeds('hugo', ['version']) ? undefined : 'hugo still does not run after `apt-get install -y hugo`'
}

/** The Hugo version that runs, for the table (`hugo v0.111.3+extended …` gives `0.111.3`). */
export function hugoVersion(): string {
  return /v(\d+\.\d+\.\d+)/.exec(spawnSync('hugo', ['version'], {encoding: 'utf8'}).stdout ?? '')?.[1] ?? 'unknown'
}

const {title, baseUrl, pageSize, feedSize} = corpusConfig

// Hugo's site config: the newsroom's address and page size, tag pages (no page listing all tags, pressroom has none),
// no section listing beside the home page's, which lists the same releases, and feeds of the newest `feedSize`.
const config = `baseURL = "${baseUrl}/"
title = "${title}"
paginate = ${pageSize}
disableKinds = ["section", "taxonomy"]
ignoreErrors = ["error-disable-taxonomy"]
[taxonomies]
tag = "tags"
[services.rss]
limit = ${feedSize}
`

const head = (name: string) => `<!doctype html><html lang="{{ .Params.language | default "en" }}"><head><meta charset="utf-8"><title>${name}</title>` +
  '<link rel="stylesheet" href="/styles.css"></head>'

// The release page, as the Eleventy peer's layout makes it.
const single = `${head(`{{ .Title }} | ${title}`)}
<body><header><a href="/">${title}</a></header>
<main><article><p>Press release · <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "Jan 02, 2006" }}</time></p>
<h1>{{ .Title }}</h1>{{ with .Params.subtitle }}<p>{{ . }}</p>{{ end }}
<p>{{ .Params.dateline }} --</p>
{{ .Content }}
<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></article></main>
</body></html>
`

// A listing of `pageSize` releases a page, newest first: the home page over all releases (its pages at /page/N/, as
// pressroom's), a tag page over the tag's.
const listing = (pages: string, name: string) => `{{ $pager := .Paginate ${pages} }}${head(name)}<body><h1>${name}</h1><ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>
{{ end }}</ul>{{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</body></html>
`

// RSS 2.0 with the full content of the newest releases, for the home page and each tag.
const rss = `{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "releases" }}{{ end }}<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{{ .Title }}</title><link>{{ .Permalink }}</link><description>Bench</description>
{{ range first ${feedSize} $pages }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate><description>{{ .Content | html }}</description></item>
{{ end }}</channel></rss>
`

/**
 * Where a release file goes in Hugo's content folder: one folder for all, so its page is at `/releases/<file name>/`
 * as pressroom's (Hugo would otherwise nest it under the year folder).
 */
export function hugoContentPath(releasePath: string): string {
  return join('content', 'releases', basename(releasePath))
}

/**
 * A Hugo project over the same release files that makes a page per release, the paginated index, tag pages, RSS with
 * full content and a sitemap (Hugo's own). The front matter stays as it is: Hugo reads YAML front matter, knows
 * `title`, `date`, `draft` and `tags`, and gives the layouts the other keys as `.Params`.
 */
export async function prepareHugoProject(corpusDir: string, projectDir: string): Promise<void> {
  await rm(projectDir, {recursive: true, force: true})
  await mkdir(join(projectDir, 'content', 'releases'), {recursive: true})
  await mkdir(join(projectDir, 'layouts', '_default'), {recursive: true})
  const releases = join(corpusDir, 'releases')
  for (const name of await readdir(releases, {recursive: true, encoding: 'utf8'})) {
    if (name.endsWith('.md')) await writeFile(join(projectDir, hugoContentPath(name)), await readFile(join(releases, name)))
  }
  await writeFile(join(projectDir, 'hugo.toml'), config)
  const layouts = {
    'index.html': listing('(where site.RegularPages "Section" "releases")', title),
    '_default/single.html': single,
    '_default/list.html': listing('.Pages', `{{ .Title }} | ${title}`),
    '_default/rss.xml': rss
  }
  for (const [name, text] of Object.entries(layouts)) await writeFile(join(projectDir, 'layouts', name), text)
}

/** One cold Hugo build of the project (its output and caches removed first), measured like pressroom's. */
export async function runHugo(projectDir: string) {
  for (const folder of ['public', 'resources', '.hugo-cache']) await rm(join(projectDir, folder), {recursive: true, force: true})
  return runChild(['--quiet', '--cacheDir', join(projectDir, '.hugo-cache'), '--destination', 'public'], {cwd: projectDir, measureMemory: true, program: 'hugo'})
}
