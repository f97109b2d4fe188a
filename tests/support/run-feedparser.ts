import {spawnSync} from 'node:child_process'

/** What Python's feedparser made of a feed: whether it was bozo (malformed) and the fields aggregators rely on. */
export interface FeedparserResult {
  bozo: boolean
  bozoException: string | null
  version: string
  title: string
  entries: {id: string | null; link: string | null; title: string | null; published: string | null; publishedParsed: number[] | null; author: string | null; tags: string[]}[]
}

// The Debian package python3-feedparser lives beside the system Python, not the pyenv one on PATH.
const python = '/usr/bin/python3'

const script = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": bool(d.bozo),
  "bozoException": repr(d.get("bozo_exception")) if d.bozo else None,
  "version": d.get("version", ""),
  "title": d.feed.get("title", ""),
  "entries": [{
    "id": e.get("id"), "link": e.get("link"), "title": e.get("title"), "published": e.get("published"),
    "publishedParsed": list(e.published_parsed) if e.get("published_parsed") else None,
    "author": e.get("author"), "tags": [t.get("term") for t in e.get("tags", [])]
  } for e in d.entries]
}))
`

/** Parse a feed file with Python's feedparser (run as a child process) and return what it found. */
export function runFeedparser(file: string): FeedparserResult {
  const result = spawnSync(python, ['-c', script, file], {encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`feedparser failed on ${file}: ${result.stderr}`)
  return JSON.parse(result.stdout) as FeedparserResult
}
