import type {Release} from './release.js'
import {tagSlug} from './tag-slug.js'

/** A tag with the releases that carry it (newest first); tags that differ only in case or punctuation share one. */
export interface TagGroup<T> {
  /** As its newest release spells it. */
  name: string
  slug: string
  releases: T[]
}

/** Tags by slug, sorted by slug; `tagsOf` gives an item's tag names. */
export function tagGroups<T>(items: readonly T[], tagsOf: (item: T) => readonly string[]): TagGroup<T>[] {
  const groups = new Map<string, TagGroup<T>>()
  for (const item of items) {
    for (const name of new Set(tagsOf(item))) {
      const slug = tagSlug(name)
      const group = groups.get(slug) ?? {name, slug, releases: []}
      // Two spellings of one slug on one release still list it once.
      if (group.releases[group.releases.length - 1] !== item) group.releases.push(item)
      groups.set(slug, group)
    }
  }
  return [...groups.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
}

// The tag pages, their feeds and the build cache's keys all group one build's releases: once is enough.
const groupsOf = new WeakMap<readonly Release[], ReadonlyArray<TagGroup<Release>>>()

/** {@link tagGroups} of releases by their tags, made once per array of releases (do not change what it returns). */
export function releaseTagGroups(releases: readonly Release[]): ReadonlyArray<TagGroup<Release>> {
  let groups = groupsOf.get(releases)
  if (!groups) groupsOf.set(releases, (groups = tagGroups(releases, (release) => release.tags)))
  return groups
}
