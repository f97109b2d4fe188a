// A newsroom has a few hundred tags but asks for their slugs tens of thousands of times per build.
const slugs = new Map<string, string>()

/** The URL segment of a tag: lowercase, letters and digits of any script, single dashes. `Green Energy` -> `green-energy`. */
export function tagSlug(tag: string): string {
  let slug = slugs.get(tag)
  if (slug === undefined) {
    slug = tag
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'tag'
    if (slugs.size < 10_000) slugs.set(tag, slug)
  }
  return slug
}
