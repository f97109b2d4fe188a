import {tagSlug} from '../release/tag-slug.js'

/** How often a subscriber hears of releases: one alert each as it goes live, or a daily or weekly digest. */
export type Frequency = 'instant' | 'daily' | 'weekly'

/** Every frequency, fastest first: when a release's topics carry different cadences, the fastest wins. */
export const frequencies: readonly Frequency[] = ['instant', 'daily', 'weekly']

/** Whether a value names a frequency. */
export function isFrequency(value: unknown): value is Frequency {
  return typeof value === 'string' && (frequencies as readonly string[]).includes(value)
}

/** What frequencyFor reads of a subscriber. */
export interface FrequencyChoice {
  /** Tag slugs followed; none follows every topic. */
  tags: readonly string[]
  frequency: Frequency
  /** Tag slug -> frequency, overriding `frequency` for releases on that topic. */
  topicFrequencies: Readonly<Record<string, Frequency>>
}

/**
 * The cadence by which a release with `releaseTags` reaches a subscriber, or undefined when it does not reach them (it
 * shares no tag with a subscriber who follows some). Among the release's topics the subscriber follows, a topic's own
 * frequency overrides the subscriber's; several overrides resolve to the fastest, so no topic chosen as instant waits.
 */
export function frequencyFor(subscriber: FrequencyChoice, releaseTags: readonly string[]): Frequency | undefined {
  const slugs = releaseTags.map(tagSlug)
  const followed = subscriber.tags.length === 0 ? slugs : slugs.filter((slug) => subscriber.tags.includes(slug))
  if (subscriber.tags.length > 0 && followed.length === 0) return undefined
  const overrides = followed.map((slug) => subscriber.topicFrequencies[slug]).filter(isFrequency)
  if (overrides.length === 0) return subscriber.frequency
  return frequencies.find((frequency) => overrides.includes(frequency))
}

/** The releases that reach a subscriber by `frequency`, in the order given. */
export function releasesAtFrequency<T extends {tags: readonly string[]}>(releases: readonly T[], subscriber: FrequencyChoice, frequency: Frequency): T[] {
  return releases.filter((release) => frequencyFor(subscriber, release.tags) === frequency)
}
