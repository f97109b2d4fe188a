import {open, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {tagSlug} from '../release/tag-slug.js'

/** A topic a subscriber may choose: a tag slug, as subscribers store it, and its name as the site spells it. */
export interface NewsroomTopic {
  slug: string
  name: string
}

// A channel title is near the top of a feed: reading this much never reads a whole large feed.
const headBytes = 4096
const entities: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"}

/**
 * The newsroom's topics from a built site: each `tags/<slug>/rss.xml` the build wrote, named by its feed's channel
 * title (`<site title>: <tag>`). Read on each call, so a rebuild while the server runs shows its new topics; without
 * a built site there are none.
 */
export async function readNewsroomTopics(outDir: string | undefined, siteTitle: string): Promise<NewsroomTopic[]> {
  if (outDir === undefined) return []
  const folders = await readdir(join(outDir, 'tags'), {withFileTypes: true}).catch(() => [])
  const topics: NewsroomTopic[] = []
  for (const folder of folders) {
    // Only folder names that are already slugs: anything else in out/tags/ is not a tag page the build wrote.
    if (!folder.isDirectory() || tagSlug(folder.name) !== folder.name) continue
    const head = await readHead(join(outDir, 'tags', folder.name, 'rss.xml'))
    if (head === undefined) continue
    topics.push({slug: folder.name, name: channelTopic(head, siteTitle) ?? folder.name})
  }
  return topics.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
}

async function readHead(path: string): Promise<string | undefined> {
  const file = await open(path, 'r').catch(() => undefined)
  if (!file) return undefined
  try {
    const buffer = Buffer.alloc(headBytes)
    const {bytesRead} = await file.read(buffer, 0, headBytes, 0)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await file.close()
  }
}

// The tag's name from the channel title the feed writer gives a tag feed, as CDATA or escaped text.
function channelTopic(head: string, siteTitle: string): string | undefined {
  const found = /<channel>\s*<title>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/title>/.exec(head)
  const title = found?.[1] ?? found?.[2]?.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => entities[name] ?? '')
  const prefix = `${siteTitle}: `
  return title?.startsWith(prefix) && title.length > prefix.length ? title.slice(prefix.length) : undefined
}
