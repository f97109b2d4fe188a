import type {Config} from '../config/config-schema.js'

/** What a notify step may need to set itself up: the newsroom's config, the environment (SMTP_URL, secrets), the log. */
export interface NotifyContext {
  config: Config
  env: Readonly<Record<string, string | undefined>>
  cwd: string
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
 * links to pages not there yet). Scheduled digests are not among them: they run by their own clock.
 */
export function notifySteps(context: NotifyContext): NotifyStep[] {
  // Instant alerts and WebSub hub pings plug in here, each a NotifyStep over the publication's release ids, e.g.
  // {name: 'instant alerts', run: (publication, signal) => sendAlerts({...context, releaseIds: publication.releaseIds, signal})}.
  void context
  return []
}
