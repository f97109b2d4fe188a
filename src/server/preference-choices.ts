import type {Subscriber} from '../store/subscriber-store.js'
import type {NewsroomTopic} from './read-newsroom-topics.js'

/** What a subscriber chose on the preference page. Frequency (instant, daily, weekly) joins here as a field. */
export interface PreferenceChoices {
  tags: string[]
}

/** The preference page's data for a subscriber: the address partly masked, the status and each topic ticked or not. */
export function preferenceView(subscriber: Subscriber, topics: readonly NewsroomTopic[]) {
  return {email: maskAddress(subscriber.email), status: subscriber.status, topics: choosableTopics(subscriber, topics).map((topic) => ({...topic, checked: subscriber.tags.includes(topic.slug)}))}
}

/**
 * Read the posted choices. Only topics the page offered are kept: the form is posted by whoever holds the link, so it
 * may not file arbitrary tags. A frequency field would be read and checked here the same way.
 */
export function readPreferenceChoices(form: URLSearchParams, subscriber: Subscriber, topics: readonly NewsroomTopic[]): PreferenceChoices {
  const offered = new Set(choosableTopics(subscriber, topics).map((topic) => topic.slug))
  return {tags: [...new Set(form.getAll('topics').filter((slug) => offered.has(slug)))].sort()}
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
