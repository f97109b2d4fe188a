import type {Config} from '../config/config-schema.js'
import {hubTopics} from '../links/feed-links.js'
import {PressroomError} from '../report/pressroom-error.js'
import {pingHubs, type HubOutcome} from './ping-hubs.js'

/** Options of `pressroom ping`. */
export interface PingCommandOptions {
  /** Retries per topic and hub after the first request. */
  retries?: number
}

/**
 * `pressroom ping`: tell every configured WebSub hub, once, that the site-wide feeds changed (for those who deploy
 * the out folder themselves). Exit code 1 when any hub did not accept, so a cron job's mail says so.
 */
export async function runPingCommand(config: Config, options: PingCommandOptions, output: {stdout: (line: string) => void; stderr: (line: string) => void}): Promise<number> {
  if (config.websub === undefined) {
    throw new PressroomError('WEBSUB_HUBS_MISSING', 'Could not ping: the config names no WebSub hub', {
      hint: 'Add `"websub": {"hubs": ["https://pubsubhubbub.appspot.com/"]}` to the config'
    })
  }
  const outcomes = await pingHubs({hubs: config.websub.hubs, topics: hubTopics(config), log: output.stderr, ...(options.retries === undefined ? {} : {retries: options.retries})})
  for (const outcome of outcomes) output.stdout(summary(outcome))
  return outcomes.every((outcome) => outcome.ok) ? 0 : 1
}

function summary(outcome: HubOutcome): string {
  const accepted = outcome.topics.filter((topic) => topic.ok).length
  return `pressroom: ${outcome.hub}: ${outcome.ok ? 'accepted' : 'FAILED'} (${accepted} of ${outcome.topics.length} topics)`
}
