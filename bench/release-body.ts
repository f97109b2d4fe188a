/**
 * The body of a release file: what follows the front matter's closing `---` line (all of it when there is none), as
 * `readFrontMatter` cuts it, less the empty lines that keep the build's positions file positions.
 */
export function releaseBody(source: string): string {
  const opening = /^---[ \t]*\r?\n/.exec(source)
  if (!opening) return source
  const closing = /^---[ \t]*$/m.exec(source.slice(opening[0].length))
  return closing ? source.slice(opening[0].length + closing.index + closing[0].length) : source
}
