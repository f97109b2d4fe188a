import type {Db} from './db.js'

/** A deploy owed or done: the releases it carries to readers (for the notify steps) and how its command ended. */
export interface Deploy {
  id: number
  requestedAt: string
  releaseIds: string[]
  state: 'pending' | 'failed' | 'deployed' | 'notified'
  attempts: number
  exitCode: number | undefined
  durationMs: number | undefined
  outputTail: string
  finishedAt: string | undefined
}

interface DeployRow {
  id: number
  requested_at: string
  release_ids: string
  state: Deploy['state']
  attempts: number
  exit_code: number | null
  duration_ms: number | null
  output_tail: string | null
  finished_at: string | null
}

const deployFromRow = (row: DeployRow): Deploy => ({
  id: row.id,
  requestedAt: row.requested_at,
  releaseIds: JSON.parse(row.release_ids) as string[],
  state: row.state,
  attempts: row.attempts,
  exitCode: row.exit_code ?? undefined,
  durationMs: row.duration_ms ?? undefined,
  outputTail: row.output_tail ?? '',
  finishedAt: row.finished_at ?? undefined
})

/** The deploy still owed (pending, failed, or deployed and not yet notified), oldest first; at most one exists. */
export async function owedDeploy(db: Db): Promise<Deploy | undefined> {
  const row = await db.get("SELECT * FROM deploys WHERE state != 'notified' ORDER BY id LIMIT 1") as DeployRow | undefined
  return row && deployFromRow(row)
}

/** Whether any deploy was ever asked for: a newsroom's first scheduled tick deploys what is already built. */
export async function anyDeploy(db: Db): Promise<boolean> {
  return await db.get('SELECT 1 FROM deploys LIMIT 1') !== undefined
}

/**
 * Owe a deploy of a build that published `releaseIds`: added to the deploy still owed when one is (so one deploy
 * carries every build since the last that reached readers), else a new one.
 */
export async function requestDeploy(db: Db, releaseIds: readonly string[], now: number): Promise<Deploy> {
  return db.transaction(async () => {
    const owed = await owedDeploy(db)
    // A deploy that succeeded but did not notify yet has carried its builds; a newer build needs a deploy of its own.
    if (owed && owed.state !== 'deployed') {
      const ids = [...new Set([...owed.releaseIds, ...releaseIds])]
      await db.run("UPDATE deploys SET release_ids = ?, state = 'pending' WHERE id = ? AND state = ?", JSON.stringify(ids), owed.id, owed.state)
      return {...owed, releaseIds: ids}
    }
    const row = await db.get<DeployRow>("INSERT INTO deploys (requested_at, release_ids, state) VALUES (?, ?, 'pending') RETURNING *", new Date(now).toISOString(), JSON.stringify(releaseIds))
    return deployFromRow(row!)
  })
}

/** Record how a deploy's command ended: `deployed` on exit code 0 (or no command), else `failed`, to be retried. */
export async function recordDeploy(db: Db, id: number, outcome: {exitCode: number | undefined; durationMs: number; outputTail: string; ok: boolean}, now: number): Promise<void> {
  await db.run('UPDATE deploys SET state = ?, attempts = attempts + 1, exit_code = ?, duration_ms = ?, output_tail = ?, finished_at = ? WHERE id = ?', 
    outcome.ok ? 'deployed' : 'failed', outcome.exitCode ?? null, Math.round(outcome.durationMs), outcome.outputTail, new Date(now).toISOString(), id
  )
}

/** Mark a deploy's notify steps done: nothing of it is owed any more. */
export async function markNotified(db: Db, id: number): Promise<void> {
  await db.run("UPDATE deploys SET state = 'notified' WHERE id = ?", id)
}

/** The last `limit` deploys that ran their command (or ended without one), newest first. */
export async function recentDeploys(db: Db, limit: number): Promise<Deploy[]> {
  const rows = await db.all('SELECT * FROM deploys WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT ?', limit) as DeployRow[]
  return rows.map(deployFromRow)
}

/** When a digest schedule was first seen, ms since the epoch; the first call anchors it at `now`. */
export async function anchorSchedule(db: Db, key: string, now: number): Promise<number> {
  await db.run('INSERT INTO digest_schedules (schedule_key, anchored_at) VALUES (?, ?) ON CONFLICT DO NOTHING', key, new Date(now).toISOString())
  return Date.parse((await db.get('SELECT anchored_at FROM digest_schedules WHERE schedule_key = ?', key) as {anchored_at: string}).anchored_at)
}

/** One due time of a digest schedule that fired, and how its digest ended. */
export interface DigestFire {
  key: string
  dueAt: number
  state: 'firing' | 'done' | 'failed'
  attempts: number
  exitCode: number | undefined
  firedAt: string
}

interface FireRow {
  schedule_key: string
  due_at: string
  state: DigestFire['state']
  attempts: number
  exit_code: number | null
  fired_at: string
}

const fireFromRow = (row: FireRow): DigestFire => ({key: row.schedule_key, dueAt: Date.parse(row.due_at), state: row.state, attempts: row.attempts, exitCode: row.exit_code ?? undefined, firedAt: row.fired_at})

/** The newest due time of a schedule that fired, if any. */
export async function lastFire(db: Db, key: string): Promise<DigestFire | undefined> {
  const row = await db.get('SELECT * FROM digest_fires WHERE schedule_key = ? ORDER BY due_at DESC LIMIT 1', key) as FireRow | undefined
  return row && fireFromRow(row)
}

/**
 * Claim the due time `dueAt` of a schedule for this process before its digest starts, in one transaction: true when
 * it was not claimed yet, or its digest was left unfinished (a crash) or failed, and runs again. A digest resumes its
 * own unfinished send, so running it again never mails anyone twice.
 */
export async function claimFire(db: Db, key: string, dueAt: number, now: number): Promise<boolean> {
  return db.transaction(async () => {
    const due = new Date(dueAt).toISOString()
    const row = await db.get('SELECT state FROM digest_fires WHERE schedule_key = ? AND due_at = ?', key, due) as {state: DigestFire['state']} | undefined
    if (row?.state === 'done') return false
    await db.run(`INSERT INTO digest_fires (schedule_key, due_at, state, attempts, fired_at) VALUES (?, ?, 'firing', 1, ?)
       ON CONFLICT (schedule_key, due_at) DO UPDATE SET state = 'firing', attempts = attempts + 1, fired_at = excluded.fired_at`, key, due, new Date(now).toISOString())
    return true
  })
}

/** Record how the digest of a fired due time ended: exit code 0 is done, anything else failed (tried again). */
export async function finishFire(db: Db, key: string, dueAt: number, exitCode: number): Promise<void> {
  await db.run('UPDATE digest_fires SET state = ?, exit_code = ? WHERE schedule_key = ? AND due_at = ?', exitCode === 0 ? 'done' : 'failed', exitCode, key, new Date(dueAt).toISOString())
}
