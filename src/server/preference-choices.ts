import {frequencies, isFrequency, type Frequency} from '../store/frequency-for.js'
import type {Subscriber} from '../store/subscriber-store.js'
import type {NewsroomTopic} from './read-newsroom-topics.js'

/** What a subscriber chose on the preference page: topics, a default cadence, and per ticked topic an override. */
export interface PreferenceChoices {
  tags: string[]
  frequency: Frequency
  topicFrequencies: Record<string, Frequency>
}

/** The form field of a topic's own cadence: `frequency-energy`. */
export function topicFrequencyField(slug: string): string {
  return `frequency-${slug}`
}

/** The preference page's data for a subscriber: the address partly masked, the status, the cadence and each topic. */
export function preferenceView(subscriber: Subscriber, topics: readonly NewsroomTopic[]) {
  return {
    email: maskAddress(subscriber.email),
    status: subscriber.status,
    frequency: subscriber.frequency,
    frequencies,
    topics: choosableTopics(subscriber, topics).map((topic) => ({
      ...topic,
      checked: subscriber.tags.includes(topic.slug),
      field: topicFrequencyField(topic.slug),
      frequency: subscriber.topicFrequencies[topic.slug] ?? ''
    }))
  }
}

/** Why posted choices were refused: a chrome string key and its values (never the posted words themselves). */
export interface PreferenceProblem {
  message: 'server-frequency-unexpected' | 'server-frequency-unexpected-topic'
  choices: string
  topic?: string
}

/**
 * Read the posted choices. Only topics the page offered are kept: the form is posted by whoever holds the link, so it
 * may not file arbitrary tags. A cadence that is not one the page offers is refused whole, so a tampered or stale form
 * changes nothing. A topic's override is kept only when the topic is ticked: with no topic ticked every release
 * arrives, at the default cadence.
 */
export function readPreferenceChoices(form: URLSearchParams, subscriber: Subscriber, topics: readonly NewsroomTopic[]): PreferenceChoices | {problem: PreferenceProblem} {
  const offered = new Set(choosableTopics(subscriber, topics).map((topic) => topic.slug))
  const tags = [...new Set(form.getAll('topics').filter((slug) => offered.has(slug)))].sort()
  const frequency = form.get('frequency') ?? subscriber.frequency
  if (!isFrequency(frequency)) return {problem: {message: 'server-frequency-unexpected', choices: frequencies.join(', ')}}
  const topicFrequencies: Record<string, Frequency> = {}
  for (const slug of offered) {
    const value = form.get(topicFrequencyField(slug)) ?? ''
    if (value !== '' && !isFrequency(value)) return {problem: {message: 'server-frequency-unexpected-topic', choices: frequencies.join(', '), topic: slug}}
    if (isFrequency(value) && tags.includes(slug)) topicFrequencies[slug] = value
  }
  return {tags, frequency, topicFrequencies}
}

/** `r•••@example.org`: enough for the owner to recognise, little for whoever a digest was forwarded to. */
export function maskAddress(email: string): string {
  const at = email.lastIndexOf('@')
  return at < 1 ? email : `${email.slice(0, 1)}•••${email.slice(at)}`
}

// The site's topics, and the subscriber's own even when no built site lists them, so they can always be unticked.
function choosableTopics(subscriber: Subscriber, topics: readonly NewsroomTopic[]): NewsroomTopic[] {
  const known = new Set(topics.map((topic) => topic.slug))
  const own = subscriber.tags.filter((slug) => !known.has(slug)).map((slug) => ({slug, name: slug}))
  return [...topics, ...own]
}
