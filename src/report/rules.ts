/**
 * The catalogue of content rules. Ids are permanent: editors, CI logs and docs refer to them.
 * `fatal` rules fail the build; the others are warnings.
 */
export const rules = {
  'file-name-invalid': {fatal: true, hint: 'Name release files `YYYY-MM-DD-slug.md`, slug in lowercase letters, digits and single dashes, e.g. `2025-09-15-green-dialogue.md`'},
  'file-date-invalid': {fatal: true, hint: 'Use a real calendar date in the file name (months 01-12, days that exist in that month)'},
  'file-encoding-invalid': {fatal: true, hint: 'Save the file as UTF-8 (most editors: "Save with encoding" > UTF-8)'},
  'duplicate-release': {fatal: true, hint: 'Two files share a date and slug, so they would share a URL: rename one slug'},
  'front-matter-missing': {fatal: true, hint: 'Start the file with a `---` line, the YAML keys (title, dateline, source), and another `---` line'},
  'front-matter-unclosed': {fatal: true, hint: 'Close the front matter with a line holding only `---`'},
  'yaml-invalid': {fatal: true, hint: 'Fix the YAML syntax; quote values that contain `: ` or start with a special character'},
  'front-matter-not-mapping': {fatal: true, hint: 'Front matter must be `key: value` lines'},
  'missing-key': {fatal: true, hint: 'Add the required key to the front matter'},
  'key-type': {fatal: true, hint: 'Give the key a value of the expected type'},
  'date-invalid': {fatal: true, hint: 'Write `date` as ISO 8601 with an offset, e.g. `2025-09-15T08:00:00+08:00`'},
  'date-mismatch': {fatal: true, hint: 'Make `date` fall on the date in the file name (in its own offset), or rename the file'},
  'embargo-invalid': {fatal: true, hint: 'Write `embargo` as ISO 8601 with an offset, e.g. `2025-09-15T09:00:00-04:00`'},
  'media-url-invalid': {fatal: true, hint: 'Use an absolute http(s) URL, or a site path starting with `/`'},
  'media-image-unreadable': {fatal: false, hint: 'Export the picture again (JPEG, PNG, WebP, AVIF or TIFF, whole and named for its format) or correct the url; until then pages link the file as it is, with no resized sizes or social crop'},
  'public-file-replaced': {fatal: false, hint: 'The build writes a file of its own at this path, so this one never reaches `out/`: rename or move it, or drop it if the build\'s file will do'},
  'media-file-missing': {fatal: true, hint: 'Put the file in the public folder (`public/media/plant.jpg` is `/media/plant.jpg`), or correct the url; a remote file needs its https:// URL'},
  'source-url-invalid': {fatal: true, hint: 'Give `source.url` as an absolute http(s) URL, or leave it out'},
  'media-type-invalid': {fatal: true, hint: 'Set media `type` to image, video or audio, or a MIME type such as image/jpeg'},
  'language-invalid': {fatal: true, hint: 'Use a BCP 47 language tag such as `en`, `de-DE` or `zh-Hans`'},
  'hold-key-misspelt': {fatal: true, hint: 'Spell the key `embargo`, `draft` or `date` exactly (lowercase): misspelt, it would not hold the release back'},
  'subject-unknown': {fatal: true, hint: 'Name an IPTC Media Topic by its code (`medtop:20000209`) or its English label exactly (https://show.newscodes.org/index.html?newscodes=medtop)'},
  'subject-ambiguous': {fatal: true, hint: 'IPTC gives this label to more than one Media Topic: write the code (`medtop:NNNNNNNN`) of the one you mean'},
  'tag-too-long': {fatal: true, hint: 'Shorten the tag: its URL segment names a folder, and file systems limit a name to 255 bytes (pressroom allows 200)'},
  'nesting-too-deep': {fatal: true, hint: 'Nest blockquotes, lists, emphasis and HTML elements at most 100 levels deep (a release never needs more)'},
  'render-failed': {fatal: true, hint: 'Something in this file broke the renderer: simplify the part named, and report it to the pressroom maintainers with the file'},
  'organization-unknown': {fatal: true, hint: 'Name an organization that has a file `organizations/<slug>.md` beside the releases folder, or create that file'},
  'organization-file-name-invalid': {fatal: true, hint: 'Name organization files `slug.md` (lowercase letters, digits, dashes), or `slug.lang.md` for a language variant such as `acme.de.md`'},
  'ticker-invalid': {fatal: true, hint: 'Write each ticker as `EXCHANGE: SYMBOL` in capitals, e.g. `NASDAQ: ACME` or `XETRA: AR1`'},
  'unknown-key': {fatal: false, hint: 'Remove the key or check its spelling; known keys are listed in the README'},
  'missing-lede': {fatal: true, hint: 'Start the body with a paragraph: the dateline is placed before it'},
  'raw-html-removed': {fatal: false, hint: 'Scripts, frames, event handlers and javascript:/data: URLs are removed from releases; use Markdown instead'},
  'image-alt-missing': {fatal: false, hint: 'Describe every image for readers who cannot see it: `![A ferry at the quay](/media/ferry.jpg)`'},
  'control-character-removed': {fatal: false, hint: 'Delete the invisible control character (it often comes pasted from Word); pressroom replaced it in every output'},
  'summary-too-long': {fatal: false, hint: 'Keep `summary` under 160 characters so search engines show it whole'},
  'string-missing': {fatal: false, hint: 'Add the string, or the language\'s whole catalogue, to `templates/strings/` (copy it from `en.json` and translate it); until then the English words are shown'},
  'translation-duplicate': {fatal: true, hint: 'Give each language of a `translationKey` one release: change this file\'s `language` or `translationKey`'},
  'translation-alone': {fatal: false, hint: 'Give the translations of this release the same `translationKey`, or remove the key'}
} as const satisfies Record<string, {fatal: boolean; hint: string}>

/** A permanent rule id. */
export type RuleId = keyof typeof rules
