/** The URL segment of a tag: lowercase, letters and digits of any script, single dashes. `Green Energy` -> `green-energy`. */
export function tagSlug(tag: string): string {
  return tag
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '') || 'tag'
}
