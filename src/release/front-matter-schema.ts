import {z} from 'zod'

const mediaItemSchema = z.strictObject({
  url: z.string().min(1),
  type: z.string().min(1).optional(),
  caption: z.string().optional(),
  alt: z.string().optional(),
  length: z.int().positive().optional()
})

/** The types of a release's front matter; the meaning of each value (dates, URLs, languages) is checked after. */
export const frontMatterSchema = z.looseObject({
  title: z.string().trim().min(1),
  subtitle: z.string().trim().optional(),
  dateline: z.string().trim().min(1),
  source: z.union([z.string().trim().min(1), z.strictObject({name: z.string().trim().min(1), url: z.string().optional()})]),
  date: z.string().optional(),
  summary: z.string().trim().optional(),
  media: z.union([mediaItemSchema, z.array(mediaItemSchema)]).optional(),
  tags: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1))]).optional(),
  subjects: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1))]).optional(),
  language: z.string().optional(),
  distributor: z.string().nullable().optional(),
  embargo: z.string().optional(),
  draft: z.boolean().optional(),
  correction: z.string().trim().min(1).optional(),
  organization: z.string().trim().min(1).optional(),
  organizations: z.array(z.string().trim().min(1)).min(1).optional(),
  translationKey: z.string().trim().min(1).optional(),
  featured: z.boolean().optional()
})

/** Front matter whose types are right. */
export type FrontMatterData = z.output<typeof frontMatterSchema>

/** Every key a release may carry; anything else earns an `unknown-key` warning. */
export const knownKeys: ReadonlySet<string> = new Set(Object.keys(frontMatterSchema.shape))

/** What each key holds, for messages that say what was expected. */
export const expectedOf: Record<string, string> = {
  title: 'the headline, a string',
  subtitle: 'a string',
  dateline: 'the place, a string such as `CHANGZHOU, China`',
  source: 'the attribution: a string, or `{name, url}`',
  date: 'an ISO 8601 date-time with offset',
  summary: 'a string of at most 160 characters',
  media: 'one `{url, type, caption, alt}` or a list of them',
  tags: 'a list of strings',
  subjects: 'a list of IPTC Media Topic codes (`medtop:20000209`) or labels',
  language: 'a BCP 47 tag such as `en`',
  distributor: 'a string such as `GLOBE NEWSWIRE`',
  embargo: 'an ISO 8601 date-time with offset',
  draft: '`true` or `false`',
  correction: 'a plain-text note of what was corrected, a string',
  organization: 'the slug of a file in `organizations/`, such as `acme`',
  organizations: 'a list of slugs of files in `organizations/`, the primary first',
  translationKey: 'the key shared by a release and its translations, a string such as `acme-q3-results`',
  featured: '`true` to feature the release at the top of the home page, or `false`'
}
