/** What became of one topic's publish ping at one hub. */
export interface TopicOutcome {
  topic: string
  ok: boolean
  /** Requests made for this topic, the first included. */
  attempts: number
  /** The hub's last HTTP status, when it answered at all. */
  status?: number
  /** Why the last attempt failed: a status, a refused connection, a timeout. */
  error?: string
}

/** What became of the pings at one hub: `ok` when the hub accepted every topic. */
export interface HubOutcome {
  hub: string
  ok: boolean
  topics: TopicOutcome[]
}

/** Options of {@link pingHubs}; every limit has a default a cron job can live with. */
export interface PingHubsOptions {
  hubs: readonly string[]
  /** The topic URLs that changed (the feeds that advertise the hubs). */
  topics: readonly string[]
  /** Retries after the first request of a topic, for timeouts, refused connections, 429 and 5xx. Default 3. */
  retries?: number
  /** The wait before the first retry, doubled before each next one. Default 1000 ms. */
  backoffMs?: number
  /** How long one request may take, connecting included. Default 10000 ms. */
  timeoutMs?: number
  /** One line per failed attempt and per hub that gave up. */
  log?: (line: string) => void
  /** The wait between attempts (tests may shorten time itself; the backoff sequence stays the same). */
  sleep?: (ms: number) => Promise<void>
}

/**
 * Tell each WebSub hub that `topics` changed: one form-encoded POST per topic (`hub.mode=publish`, `hub.url` and, for
 * hubs that read the newer name, `hub.topic`), with bounded retries and exponential backoff. Never throws: a hub that
 * is down is logged and reported in the outcome, since a publish that already went out must not fail because of it.
 */
export async function pingHubs(options: PingHubsOptions): Promise<HubOutcome[]> {
  const log = options.log ?? (() => {})
  // Hubs are independent: a slow one must not hold back the others.
  return Promise.all(
    options.hubs.map(async (hub): Promise<HubOutcome> => {
      const topics: TopicOutcome[] = []
      for (const topic of options.topics) topics.push(await pingTopic(hub, topic, options, log))
      const ok = topics.every((outcome) => outcome.ok)
      if (!ok) log(`pressroom: WebSub hub ${hub} did not accept ${topics.filter((outcome) => !outcome.ok).map((outcome) => outcome.topic).join(', ')}; the feeds are published, readers of that hub hear of them at their next poll`)
      return {hub, ok, topics}
    })
  )
}

async function pingTopic(hub: string, topic: string, options: PingHubsOptions, log: (line: string) => void): Promise<TopicOutcome> {
  const retries = Math.max(0, Math.floor(options.retries ?? 3))
  const timeoutMs = options.timeoutMs ?? 10_000
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  let outcome: TopicOutcome = {topic, ok: false, attempts: 0}
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    if (attempt > 1) await sleep((options.backoffMs ?? 1000) * 2 ** (attempt - 2))
    const {status, error} = await postPublish(hub, topic, timeoutMs)
    if (status !== undefined && status >= 200 && status < 300) return {topic, ok: true, attempts: attempt, status}
    outcome = {topic, ok: false, attempts: attempt, ...(status === undefined ? {} : {status}), error: error ?? `HTTP ${String(status)}`}
    log(`pressroom: WebSub hub ${hub} refused ${topic} (attempt ${attempt} of ${retries + 1}): ${outcome.error}`)
    // Any other 4xx says the request itself is wrong (an unknown topic, a hub that wants a login): asking again is no use.
    if (status !== undefined && status < 500 && status !== 429 && status !== 408) break
  }
  return outcome
}

async function postPublish(hub: string, topic: string, timeoutMs: number): Promise<{status?: number; error?: string}> {
  try {
    const response = await fetch(hub, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: new URLSearchParams({'hub.mode': 'publish', 'hub.url': topic, 'hub.topic': topic}).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs)
    })
    // Read to the end, so the connection is free again (a hub's body says nothing a publisher acts on).
    await response.arrayBuffer().catch(() => undefined)
    return {status: response.status}
  } catch (error) {
    return {error: describe(error, timeoutMs)}
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  const code = (cause as {code?: unknown} | undefined)?.code
  if (typeof code === 'string') return code
  return cause instanceof Error ? cause.message : String(cause)
}
