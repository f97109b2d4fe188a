import type {Liquid} from 'liquidjs'
import {listingEntryTemplate, type ListingReads, type ListingTemplate} from '../plan/output-plan.js'

/**
 * What the index, tag, archive or organization template (with its layout and partials) reads of its releases, found once by LiquidJS's
 * static analysis: a body where any path names `html`, the last update where one names `updated`, the tag's whole list where a path goes into `tag.releases`
 * beyond its size, and its size where a path names `tag.releases` at all. A key by a name held in a variable could be any of them, so it counts as all. The site hands listing
 * templates only what this finds, so a page never shows what its key leaves out.
 */
export function listingReads(liquid: Liquid, template: ListingTemplate): ListingReads {
  const variables = Object.values(liquid.analyzeSync(liquid.parseFileSync(template), {partials: true}).variables).flat()
  // An entry (`release.entry`) is its own template's drawing of the release: what that reads, the listing shows.
  if (variables.some(({segments}) => segments.includes('entry'))) variables.push(...Object.values(liquid.analyzeSync(liquid.parseFileSync(listingEntryTemplate), {partials: true}).variables).flat())
  let bodies = false
  let updated = false
  let tagReleases = false
  let tagSize = false
  for (const {segments} of variables) {
    if (segments.some((segment) => segment === 'html' || typeof segment === 'object')) bodies = true
    if (segments.some((segment) => segment === 'updated' || typeof segment === 'object')) updated = true
    if (segments[0] === 'tag' && (segments[1] === 'releases' || typeof segments[1] === 'object')) tagSize = true
    if (segments[0] === 'tag' && segments.length > 1 && (segments[1] !== 'releases' ? typeof segments[1] === 'object' : !(segments.length === 3 && segments[2] === 'size'))) tagReleases = true
  }
  return {bodies, updated, tagReleases, tagSize}
}
