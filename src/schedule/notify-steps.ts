import type {Config} from '../config/config-schema.js'
import {runAlertsCommand} from '../email/alerts-command.js'
import type {RenditionSource} from '../email/release-renditions.js'
import {hubTopics} from '../links/feed-links.js'
import {pingHubs} from '../websub/ping-hubs.js'

/** What a notify step may need to set itself up: the newsroom's config, the environment (SMTP_URL, secrets), the log. */
export interface NotifyContext {
  config: Config
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  releasesDir: string
  /** Where the builds keep image renditions, so alerts link the email-sized one. */
  images?: RenditionSource
  log(line: string): void
}

/** What a deploy carried to readers: the releases first published or changed by the builds it deployed. */
export interface Publication {
  releaseIds: readonly string[]
}

/**
 * One thing to do once a deploy has put new releases before readers. A step may run again after a crash or a failure
 * of a later step, so it must be safe to repeat (alerts keep a send log; a hub ping is harmless twice).
 */
export interface NotifyStep {
  /** Named in the log line of the step. */
  name: string
  run(publication: Publication, signal: AbortSignal): Promise<void>
}

/**
 * The notify steps, in order, run only after a successful deploy (a failed deploy tells nobody: readers would follow
 * links to pages not there yet). Hubs first: a ping takes a moment and never fails the publish, while alerts to many
 * subscribers take longer and, when they fail, make every step run again at the next wake. Scheduled digests are not
 * among them: they run by their own clock.
 */
export function notifySteps(context: NotifyContext): NotifyStep[] {
  const steps: NotifyStep[] = []
  const hubs = context.config.websub?.hubs
  if (hubs) {
    steps.push({
      name: 'WebSub hubs',
      run: async (publication) => {
        // A deploy of a build that published and changed nothing (a held release saved, a template edit) is no
        // publish: WebSub pings are for new content, and a hub would make every subscriber fetch the feed for nothing.
        if (publication.releaseIds.length === 0) return
        await pingHubs({hubs, topics: hubTopics(context.config), log: context.log})
      }
    })
  }
  // Without a transport there is no one to alert: said at each publish, instead of a step that fails every time. SES
  // (MAIL_TRANSPORT=ses, or email.transport) needs no SMTP_URL.
  const ses = (context.env.MAIL_TRANSPORT?.trim() || context.config.email?.transport) === 'ses'
  if (!context.env.SMTP_URL && !ses) {
    steps.push({
      name: 'instant alerts (none sent: SMTP_URL is not set; set it, with PRESSROOM_SECRET, to send them)',
      run: async () => {}
    })
    return steps
  }
  steps.push({
    name: 'instant alerts',
    run: async (_publication, signal) => {
      const exitCode = await runAlertsCommand({releasesDir: context.releasesDir, cwd: context.cwd, ...(context.images === undefined ? {} : {images: context.images})}, context.config, context.env, {
        stdout: context.log,
        stderr: {write: (text: string) => void context.log(text.trimEnd())},
        interactive: false,
        stop: signal
      })
      if (exitCode !== 0) throw new Error(`pressroom alerts ended with exit code ${exitCode}`)
    }
  })
  return steps
}
