import type {VFile} from 'vfile'
import {report} from '../report/report.js'
import {closestTopics, type MediaTopic, resolveSubject} from './media-topics.js'
import type {FrontMatter} from './read-front-matter.js'

/**
 * The IPTC Media Topics a release's `subjects:` names, each once, in the order written; undefined when one of them is
 * not a Media Topic (reported at its place, with the closest labels). The vocabulary is read only when a release
 * names subjects.
 */
export function parseSubjects(file: VFile, matter: FrontMatter, subjects: string | readonly string[] | undefined): MediaTopic[] | undefined {
  if (subjects === undefined) return []
  const entries = typeof subjects === 'string' ? [subjects] : subjects
  const found: MediaTopic[] = []
  let ok = true
  entries.forEach((entry, index) => {
    const place = matter.placeOf(typeof subjects === 'string' ? ['subjects'] : ['subjects', index], 'value')
    const match = resolveSubject(entry)
    if (match.kind === 'topic') {
      if (!found.some((topic) => topic.code === match.topic.code)) found.push(match.topic)
      return
    }
    ok = false
    if (match.kind === 'ambiguous') {
      report(file, 'subject-ambiguous', `Unexpected subject \`${entry}\`, the label of ${match.topics.map(named).join(' and ')}: expected one code`, place)
      return
    }
    // A code's digits say nothing of its topic: only a label has near misses worth offering.
    const offer = match.written === 'code' ? 'no Media Topic has this code' : `did you mean ${closestTopics(entry).map(named).join(', ')}?`
    report(file, 'subject-unknown', `Unexpected subject \`${entry}\`, expected an IPTC Media Topic: ${offer}`, place)
  })
  return ok ? found : undefined
}

function named(topic: MediaTopic): string {
  return `\`${topic.label}\` (medtop:${topic.code})`
}
