import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {cp, mkdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {benchDir} from './bench-paths.js'
import {corpusConfig} from './generate-corpus.js'
import {runChild} from './run-child.js'

/** Where Eleventy is installed on demand: git-ignored, never in package.json. */
export const peersDir = join(benchDir, '.peers')
const eleventyBin = join(peersDir, 'node_modules/@11ty/eleventy/cmd.cjs')

/** Install Eleventy 3 into `bench/.peers/` unless it is there; returns why it could not be, or undefined when ready. */
export async function ensureEleventy(): Promise<string | undefined> {
  if (existsSync(eleventyBin)) return undefined
  await mkdir(peersDir, {recursive: true})
  const npm = spawnSync('npm', ['install', '--prefix', peersDir, '@11ty/eleventy@3', '--no-audit', '--no-fund'], {encoding: 'utf8', timeout: 5 * 60_000})
  if (npm.status !== 0 || !existsSync(eleventyBin)) return `npm install @11ty/eleventy@3 failed (exit ${npm.status}): ${(npm.stderr ?? '').trim().split('\n').slice(-3).join(' / ')}`
  return undefined
}

// The newsroom's name, address and sizes, as the corpus's pressroom config has them.
const {title, baseUrl, pageSize, feedSize} = corpusConfig

const layout = `<!doctype html>
<html lang="{{ language | default: 'en' }}">
<head><meta charset="utf-8"><title>{{ title }} | ${title}</title><meta name="description" content="{{ summary }}"><link rel="stylesheet" href="/styles.css"></head>
<body><header><a href="/">${title}</a></header>
<main><article><p>Press release · <time datetime="{{ page.date | date: '%Y-%m-%d' }}">{{ page.date | date: '%b %d, %Y' }}</time></p>
<h1>{{ title }}</h1>{% if subtitle %}<p>{{ subtitle }}</p>{% endif %}
<p>{{ dateline }} --</p>
{{ content }}
<ul>{% for tag in tags %}<li>{{ tag }}</li>{% endfor %}</ul></article></main>
</body></html>
`

// A paginated index of every release, newest first, `pageSize` a page: the listing a newsroom needs besides release pages.
const index = `---
pagination:
  data: collections.release
  size: ${pageSize}
  reverse: true
permalink: "{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber | plus: 1 }}/{% endif %}index.html"
---
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><ul>
{% for item in pagination.items %}<li><a href="{{ item.url }}">{{ item.data.title }}</a> {{ item.data.summary }}</li>
{% endfor %}</ul></body></html>
`

// A page per tag, `pageSize` releases a page, newest first, over the tagPages collection the config builds (Eleventy paginates
// one data set a template, so each tag's pages are made into one list of chunks first).
const tagPages = `---
pagination:
  data: collections.tagPages
  size: 1
  alias: chunk
permalink: "tags/{{ chunk.slug }}/{% if chunk.number > 0 %}page/{{ chunk.number | plus: 1 }}/{% endif %}index.html"
---
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ chunk.tag }} | ${title}</title></head><body>
<h1>{{ chunk.tag }}</h1><ul>
{% for item in chunk.items %}<li><a href="{{ item.url }}">{{ item.data.title }}</a> {{ item.data.summary }}</li>
{% endfor %}</ul></body></html>
`

// RSS 2.0 and JSON Feed of the newest releases with their full content, as pressroom's feeds carry them.
const rss = `---
permalink: rss.xml
---
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${title}</title><link>${baseUrl}/</link><description>Bench</description>
{% for item in collections.latest %}<item><title>{{ item.data.title | escape }}</title><link>${baseUrl}{{ item.url }}</link>
<guid>${baseUrl}{{ item.url }}</guid><pubDate>{{ item.date | date: '%a, %d %b %Y %H:%M:%S %z' }}</pubDate>
<description>{{ item.content | escape }}</description></item>
{% endfor %}</channel></rss>
`
const jsonFeed = `---
permalink: feed.json
---
{"version": "https://jsonfeed.org/version/1.1", "title": "${title}", "items": [
{% for item in collections.latest %}{"id": {{ item.url | json }}, "url": {{ item.url | json }}, "title": {{ item.data.title | json }},
"date_published": {{ item.date | date: '%Y-%m-%dT%H:%M:%S%z' | json }}, "content_html": {{ item.content | json }}}{% unless forloop.last %},{% endunless %}
{% endfor %}]}
`

// A sitemap of every page, and a news sitemap of the newest releases.
const sitemap = `---
permalink: sitemap.xml
---
<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% for page in collections.all %}<url><loc>${baseUrl}{{ page.url }}</loc></url>
{% endfor %}</urlset>
`
const newsSitemap = `---
permalink: news-sitemap.xml
---
<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{% for item in collections.latest %}<url><loc>${baseUrl}{{ item.url }}</loc><news:news><news:title>{{ item.data.title | escape }}</news:title>
<news:publication_date>{{ item.date | date: '%Y-%m-%d' }}</news:publication_date></news:news></url>
{% endfor %}</urlset>
`

// The tag chunks and the newest `feedSize` list the templates above read.
const config = `export default function (eleventyConfig) {
  eleventyConfig.addCollection('latest', (api) => api.getFilteredByTag('release').reverse().slice(0, ${feedSize}))
  eleventyConfig.addCollection('tagPages', (api) => {
    const byTag = new Map()
    for (const item of api.getFilteredByTag('release').reverse()) {
      for (const tag of item.data.tags) {
        if (tag === 'release') continue
        if (!byTag.has(tag)) byTag.set(tag, [])
        byTag.get(tag).push(item)
      }
    }
    const chunks = []
    for (const [tag, items] of byTag) {
      const slug = tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')
      for (let number = 0; number * ${pageSize} < items.length; number++) chunks.push({tag, slug, number, items: items.slice(number * ${pageSize}, (number + 1) * ${pageSize})})
    }
    return chunks
  })
  return {dir: {input: 'src', output: '_site'}, markdownTemplateEngine: false, htmlTemplateEngine: 'liquid'}
}
`

/**
 * An Eleventy project over the same release files that makes what a pressroom build makes: markdown-it, one Liquid
 * layout, a page per release, a paginated index, paginated tag pages, RSS and JSON feeds with full content, a sitemap
 * and a news sitemap.
 */
export async function prepareEleventyProject(corpusDir: string, projectDir: string): Promise<void> {
  await rm(projectDir, {recursive: true, force: true})
  await mkdir(join(projectDir, 'src', '_includes'), {recursive: true})
  await cp(join(corpusDir, 'releases'), join(projectDir, 'src', 'releases'), {recursive: true})
  await writeFile(join(projectDir, 'src', '_includes', 'release.liquid'), layout)
  await writeFile(join(projectDir, 'src', 'releases', 'releases.json'), JSON.stringify({layout: 'release.liquid', tags: ['release']}))
  const templates = {'index.liquid': index, 'tags.liquid': tagPages, 'rss.liquid': rss, 'feed.liquid': jsonFeed, 'sitemap.liquid': sitemap, 'news-sitemap.liquid': newsSitemap}
  for (const [name, text] of Object.entries(templates)) await writeFile(join(projectDir, 'src', name), text)
  await writeFile(join(projectDir, 'eleventy.config.mjs'), config)
}

/** One cold Eleventy build of the project (its output removed first), measured like pressroom's. */
export async function runEleventy(projectDir: string) {
  await rm(join(projectDir, '_site'), {recursive: true, force: true})
  return runChild([eleventyBin, '--quiet'], {cwd: projectDir, measureMemory: true})
}

/** The Eleventy version installed, for the table. */
export function eleventyVersion(): string {
  return (JSON.parse(readFileSync(join(peersDir, 'node_modules/@11ty/eleventy/package.json'), 'utf8')) as {version: string}).version
}
