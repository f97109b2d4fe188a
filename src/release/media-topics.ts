import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {editDistance} from './edit-distance.js'

/** One IPTC Media Topic: its 8-digit code and its English label. */
export interface MediaTopic {
  /** `20000209`; the qcode is `medtop:` + code. */
  code: string
  label: string
}

/** The concept scheme every Media Topic belongs to; a topic's URI is this plus its code. */
export const mediaTopicScheme = 'http://cv.iptc.org/newscodes/mediatopic/'

/** The URI of a Media Topic, e.g. `http://cv.iptc.org/newscodes/mediatopic/20000209`. */
export function mediaTopicUri(topic: Pick<MediaTopic, 'code'>): string {
  return mediaTopicScheme + topic.code
}

/** The vocabulary as `scripts/media-topics.mjs` writes it: `[code, label, broader?]` rows. */
interface VocabularyFile {
  dateReleased: string
  topics: Array<[code: string, label: string, broader?: string]>
}

/** The Media Topics pressroom knows: by code, and by lowercased label (a label IPTC gives twice lists both). */
export interface MediaTopicVocabulary {
  byCode: ReadonlyMap<string, MediaTopic>
  byLabel: ReadonlyMap<string, readonly MediaTopic[]>
}

const vocabularyFile = new URL('../../vocabularies/iptc-media-topics.json', import.meta.url)
let loaded: MediaTopicVocabulary | undefined

/** The shipped IPTC Media Topics vocabulary (`vocabularies/iptc-media-topics.json`), read on first use. */
export function mediaTopics(): MediaTopicVocabulary {
  if (loaded) return loaded
  const data = JSON.parse(readFileSync(vocabularyFile, 'utf8')) as VocabularyFile
  const byCode = new Map<string, MediaTopic>()
  const byLabel = new Map<string, MediaTopic[]>()
  for (const [code, label] of data.topics) {
    const topic = {code, label}
    byCode.set(code, topic)
    const key = label.toLowerCase()
    byLabel.set(key, [...(byLabel.get(key) ?? []), topic])
  }
  return (loaded = {byCode, byLabel})
}

let fileHash: string | undefined

/**
 * A hash of the shipped vocabulary, without parsing it: a new vocabulary may label a code differently, and a release
 * rendered with the old one shows the old label, so it is part of the stamp of cached renders.
 */
export function mediaTopicsHash(): string {
  return (fileHash ??= createHash('sha256').update(readFileSync(vocabularyFile)).digest('hex').slice(0, 16))
}

/** What a `subjects:` entry names: one topic, several (a label IPTC gives to two topics), or none. */
export type SubjectMatch =
  | {kind: 'topic'; topic: MediaTopic}
  | {kind: 'ambiguous'; topics: readonly MediaTopic[]}
  | {kind: 'unknown'; written: 'code' | 'label'}

/** Resolve a `subjects:` entry: a qcode (`medtop:20000209`), a bare code, or an English label in any case. */
export function resolveSubject(entry: string, vocabulary: MediaTopicVocabulary = mediaTopics()): SubjectMatch {
  const text = entry.trim()
  const code = /^(?:medtop:)?(\d{8})$/i.exec(text)?.[1]
  if (code !== undefined) {
    const topic = vocabulary.byCode.get(code)
    return topic ? {kind: 'topic', topic} : {kind: 'unknown', written: 'code'}
  }
  const topics = vocabulary.byLabel.get(text.toLowerCase().replace(/\s+/g, ' '))
  if (topics === undefined) return {kind: 'unknown', written: 'label'}
  return topics.length === 1 ? {kind: 'topic', topic: topics[0] as MediaTopic} : {kind: 'ambiguous', topics}
}

/**
 * The labels closest to what was written, best first: labels sharing its words rank by how many, then by edit
 * distance, so `economy business` finds `economy, business and finance` and a typo finds its label.
 */
export function closestTopics(entry: string, count = 3, vocabulary: MediaTopicVocabulary = mediaTopics()): MediaTopic[] {
  const wanted = entry.trim().toLowerCase()
  const words = new Set(wordsOf(wanted))
  const scored: Array<{topic: MediaTopic; shared: number; distance: number}> = []
  for (const topic of vocabulary.byCode.values()) {
    const label = topic.label.toLowerCase()
    const shared = wordsOf(label).filter((word) => words.has(word)).length
    scored.push({topic, shared, distance: editDistance(wanted, label)})
  }
  scored.sort((a, b) => b.shared - a.shared || a.distance - b.distance || (a.topic.code < b.topic.code ? -1 : 1))
  return scored.slice(0, count).map(({topic}) => topic)
}

// Words that carry no topic: `and` is in half the labels.
const stopWords = new Set(['and', 'or', 'of', 'the', 'a', 'an', 'in', 'for'])

function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '' && !stopWords.has(word))
}
