import {z} from 'zod'
import {cronProblem} from './cron-pattern.js'

// The canonical IANA names, listed without making a date formatter: the first one sets up ICU, which a no-op build
// never needs otherwise. Aliases (`Asia/Calcutta`) and `UTC` are not listed, and are checked the slow way.
let canonicalZones: ReadonlySet<string> | undefined

const isTimeZone = (value: string) => {
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'))
  if (canonicalZones.has(value)) return true
  try {
    new Intl.DateTimeFormat('en-US', {timeZone: value})
    return true
  } catch {
    return false
  }
}

const isLanguageTag = (value: string) => {
  try {
    return Intl.getCanonicalLocales(value).length === 1
  } catch {
    return false
  }
}

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as `#rrggbb`, such as `#0b2545`')

const httpUrl = z.url({protocol: /^https?$/, error: 'expected an absolute http(s) URL'})

// A file of the site's own (served from `public/`) or one elsewhere: the header logo and the site icon are either.
const sitePathOrUrl = z.string().refine((value) => /^\/(?!\/)\S*$/.test(value) || /^https?:\/\/\S+$/.test(value), 'expected a site path such as `/brand/logo.svg` (a file in `public/`) or an absolute http(s) URL')

/** The shape of `pressroom.config.json`. Unknown keys are refused so a typo never passes silently. */
export const configSchema = z
  .strictObject({
    title: z.string().min(1),
    description: z.string().default(''),
    // The newsroom's own brand in the header; without one the title is set as a wordmark.
    logo: sitePathOrUrl.optional(),
    // The favicon, the web manifest's icon and the home-screen icon: a square PNG (or SVG) in `public/`, or a URL.
    icon: sitePathOrUrl.refine((value) => /\.(png|svg)$/i.test(value), 'expected a `.png` or `.svg` file').optional(),
    baseUrl: httpUrl.transform((url) => url.replace(/\/+$/, '')),
    language: z.string().refine(isLanguageTag, 'expected a BCP 47 language tag such as `en` or `de-DE`').default('en'),
    timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone such as `UTC` or `Europe/Berlin`').default('UTC'),
    distributor: z.string().default(''),
    pageSize: z.int().min(1).max(500).default(20),
    feedSize: z.int().min(1).max(1000).default(50),
    feedImage: httpUrl.optional(),
    publisher: z
      .strictObject({name: z.string().min(1), url: httpUrl.optional(), logo: httpUrl.optional()})
      .optional(),
    // The generated social cards of releases without an image (and of the home page): the newsroom's colours.
    cards: z
      .strictObject({
        background: hexColour.default('#0b2545'),
        foreground: hexColour.default('#ffffff'),
        accent: hexColour.default('#f2a541'),
        // Only the newest releases are shared much: each card costs a drawing, and an archive has thousands.
        recent: z.int().min(0).default(50)
      })
      .default({background: '#0b2545', foreground: '#ffffff', accent: '#f2a541', recent: 50}),
    database: z.string().min(1).default('data/pressroom.db'),
    subscribeUrl: httpUrl.optional(),
    email: z
      .strictObject({
        from: z.string().min(3),
        replyTo: z.string().min(3).optional(),
        listId: z.string().min(1).optional(),
        subjectPrefix: z.string().optional(),
        // The transport when `MAIL_TRANSPORT` is unset (smtp: `SMTP_URL`, a local Postfix relay included; ses: Amazon
        // SES v2), and the messages per second each may take; `--rate` overrides. Absent: smtp, no limit.
        transport: z.enum(['smtp', 'ses']).optional(),
        rates: z.strictObject({smtp: z.number().positive().optional(), ses: z.number().positive().optional()}).optional()
      })
      .optional(),
    // Bounces and complaints: a hard bounce or a complaint suppresses at once; soft bounces (4.x.x) only when
    // `softLimit` of them arrive within `softWindowDays` (absent: 3 in 14 days, see suppression-store.ts).
    bounces: z
      .strictObject({
        softLimit: z.int().min(1).max(100).optional(),
        softWindowDays: z.int().min(1).max(365).optional()
      })
      .optional(),
    digest: z
      .strictObject({
        // Absent, the first digest's window is a week (see pick-digest-releases.ts); left out of the object then, so
        // the config hash of an existing newsroom stays as it was.
        firstWindow: z
          .string()
          .regex(/^[1-9][0-9]{0,3}[dh]$/, 'expected a number of days or hours such as `7d` or `36h`')
          .transform((text) => Number(text.slice(0, -1)) * (text.endsWith('d') ? 24 : 1) * 60 * 60 * 1000)
          .optional(),
        // Senders on several hosts (PostgreSQL): how long a sender's claim on its recipients lasts unrenewed, i.e. how
        // soon another sender takes over from one on another host that died. Absent: five minutes (digest-command.ts).
        claimLeaseSeconds: z.int().min(1).max(86_400).optional()
      })
      .optional(),
    // WebSub hubs the site-wide feeds advertise and `pressroom ping` tells of each publish.
    websub: z.strictObject({hubs: z.array(httpUrl).min(1, 'expected at least one hub URL')}).optional(),
    // Scheduled publishing (`pressroom run` / `tick`): the command that copies out/ to where readers see it.
    deploy: z
      .strictObject({
        command: z.string().min(1),
        timeoutSeconds: z.int().min(1).max(86_400).optional()
      })
      .optional(),
    schedule: z
      .strictObject({
        digests: z
          .array(
            z.strictObject({
              name: z.string().min(1).optional(),
              cron: z.string().superRefine((pattern, context) => {
                const problem = cronProblem(pattern)
                if (problem) context.addIssue({code: 'custom', message: `expected a cron pattern such as \`0 8 * * 1-5\` (${problem})`})
              }),
              frequency: z.enum(['daily', 'weekly']).optional()
            })
          )
          .default([])
      })
      .optional()
  })

/** Validated configuration, defaults filled in. */
export type Config = z.output<typeof configSchema>
/** Configuration as written in the file. */
export type ConfigInput = z.input<typeof configSchema>
