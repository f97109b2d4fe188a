import {describe, expect, it} from 'vitest'
import {frequencyFor, releasesAtFrequency, type FrequencyChoice} from '../../src/store/frequency-for.js'

const subscriber = (choice: Partial<FrequencyChoice>): FrequencyChoice => ({tags: [], frequency: 'daily', topicFrequencies: {}, ...choice})

describe('frequencyFor', () => {
  it('should follow every topic at the subscriber\'s own frequency when the subscriber has no tags', () => {
    expect(frequencyFor(subscriber({frequency: 'weekly'}), ['energy'])).toBe('weekly')
    expect(frequencyFor(subscriber({frequency: 'instant'}), [])).toBe('instant')
  })

  it('should not reach a subscriber who follows tags the release does not carry', () => {
    expect(frequencyFor(subscriber({tags: ['finance'], frequency: 'instant'}), ['energy'])).toBeUndefined()
  })

  it('should compare tags as slugs, as tag pages do', () => {
    expect(frequencyFor(subscriber({tags: ['green-energy'], topicFrequencies: {'green-energy': 'instant'}}), ['Green Energy'])).toBe('instant')
  })

  it('should let a topic\'s own frequency override the subscriber\'s, and the fastest win among several topics', () => {
    const reader = subscriber({frequency: 'daily', topicFrequencies: {energy: 'instant', finance: 'weekly'}})
    expect(frequencyFor(reader, ['energy'])).toBe('instant')
    expect(frequencyFor(reader, ['finance'])).toBe('weekly')
    expect(frequencyFor(reader, ['finance', 'energy'])).toBe('instant')
    expect(frequencyFor(reader, ['ports'])).toBe('daily')
  })

  it('should ignore an override on a topic the subscriber does not follow', () => {
    expect(frequencyFor(subscriber({tags: ['ports'], frequency: 'weekly', topicFrequencies: {energy: 'instant'}}), ['energy', 'ports'])).toBe('weekly')
  })

  it('should pick the releases that reach a subscriber by one frequency', () => {
    const releases = [{id: 'a', tags: ['energy']}, {id: 'b', tags: ['finance']}, {id: 'c', tags: []}]
    const reader = subscriber({frequency: 'weekly', topicFrequencies: {energy: 'instant'}})
    expect(releasesAtFrequency(releases, reader, 'weekly').map((release) => release.id)).toEqual(['b', 'c'])
    expect(releasesAtFrequency(releases, reader, 'instant').map((release) => release.id)).toEqual(['a'])
    expect(releasesAtFrequency(releases, reader, 'daily')).toEqual([])
  })
})
