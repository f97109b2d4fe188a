import {editDistance} from './edit-distance.js'

/** The candidate a typo most likely meant: the nearest within `maxEdits` edits (case ignored), if any. */
export function closestWord(word: string, candidates: Iterable<string>, maxEdits = 2): string | undefined {
  let best: string | undefined
  let bestDistance = maxEdits + 1
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}
