import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {cp, mkdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {benchDir} from './bench-paths.js'
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

const layout = `<!doctype html>
<html lang="{{ language | default: 'en' }}">
<head><meta charset="utf-8"><title>{{ title }} | Bench Newsroom</title><meta name="description" content="{{ summary }}"><link rel="stylesheet" href="/styles.css"></head>
<body><header><a href="/">Bench Newsroom</a></header>
<main><article><p>Press release · <time datetime="{{ page.date | date: '%Y-%m-%d' }}">{{ page.date | date: '%b %d, %Y' }}</time></p>
<h1>{{ title }}</h1>{% if subtitle %}<p>{{ subtitle }}</p>{% endif %}
<p>{{ dateline }} --</p>
{{ content }}
<ul>{% for tag in tags %}<li>{{ tag }}</li>{% endfor %}</ul></article></main>
</body></html>
`

// A paginated index of every release, newest first, 20 a page: the listing a newsroom needs besides release pages.
const index = `---
pagination:
  data: collections.release
  size: 20
  reverse: true
permalink: "{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber | plus: 1 }}/{% endif %}index.html"
---
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench Newsroom</title></head><body><ul>
{% for item in pagination.items %}<li><a href="{{ item.url }}">{{ item.data.title }}</a> {{ item.data.summary }}</li>
{% endfor %}</ul></body></html>
`

/** An Eleventy project over the same release files: markdown-it, one Liquid layout, a page per release, a paginated index. */
export async function prepareEleventyProject(corpusDir: string, projectDir: string): Promise<void> {
  await rm(projectDir, {recursive: true, force: true})
  await mkdir(join(projectDir, 'src', '_includes'), {recursive: true})
  await cp(join(corpusDir, 'releases'), join(projectDir, 'src', 'releases'), {recursive: true})
  await writeFile(join(projectDir, 'src', '_includes', 'release.liquid'), layout)
  await writeFile(join(projectDir, 'src', 'releases', 'releases.json'), JSON.stringify({layout: 'release.liquid', tags: ['release']}))
  await writeFile(join(projectDir, 'src', 'index.liquid'), index)
  await writeFile(
    join(projectDir, 'eleventy.config.mjs'),
    `export default function () {\n  return {dir: {input: 'src', output: '_site'}, markdownTemplateEngine: false, htmlTemplateEngine: 'liquid'}\n}\n`
  )
}

/** One cold Eleventy build of the project (its output removed first), measured like pressroom's. */
export async function runEleventy(projectDir: string) {
  await rm(join(projectDir, '_site'), {recursive: true, force: true})
  return runChild([eleventyBin, '--quiet'], {cwd: projectDir, measureMemory: true})
}
