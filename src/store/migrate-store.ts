import {PressroomError} from '../report/pressroom-error.js'
import {columnTypes, type ColumnTypes} from './column-types.js'
import type {Db} from './db.js'

/**
 * One schema step: SQL both dialects read as it is, or SQL written once that names its dialect-specific column types
 * through `ColumnTypes`, so the two schemas cannot drift apart. Each dialect's own SQL is left for a step whose
 * statements differ in more than column types.
 */
type Migration = string | ((types: ColumnTypes) => string) | {sqlite: string; postgres: string}

/**
 * Schema versions, applied in order; `PRAGMA user_version` (SQLite) or the `pressroom_schema` table (PostgreSQL)
 * records the last one applied.
 * Append new steps, never edit a shipped one: databases in the field are already past it.
 */
const migrations: readonly Migration[] = [
  ({id, key}) => `CREATE TABLE subscribers (
     id ${id},
     email TEXT NOT NULL,
     -- lowercased address: one subscriber per mailbox whatever the case it was typed in
     email_key ${key} NOT NULL UNIQUE,
     name TEXT NOT NULL DEFAULT '',
     tags TEXT NOT NULL DEFAULT '[]',
     status TEXT NOT NULL CHECK (status IN ('active', 'pending', 'unsubscribed')),
     -- for double opt-in (a later issue): hash of the confirm token and when it was confirmed
     confirm_token_hash TEXT,
     confirmed_at TEXT,
     unsubscribed_at TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE digests (
     id ${id},
     created_at TEXT NOT NULL,
     since TEXT,
     until TEXT NOT NULL,
     release_ids TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('sending', 'done')),
     finished_at TEXT
   );
   CREATE TABLE sends (
     digest_id INTEGER NOT NULL REFERENCES digests (id),
     subscriber_id INTEGER NOT NULL REFERENCES subscribers (id),
     state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
     message_id TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (digest_id, subscriber_id)
   );
   CREATE INDEX sends_by_state ON sends (digest_id, state, subscriber_id);`,
  // One sending run at a time: a second run would take the first one's in-flight rows for a crash and send them again.
  ({epoch}) => `CREATE TABLE send_lock (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     host TEXT NOT NULL,
     pid INTEGER NOT NULL,
     expires_at ${epoch} NOT NULL
   );`,
  // A random id per run owns the lock: in containers every run can be PID 1 on the same host name. `resends` counts
  // the copies queued again after an unknown handoff outcome, so each re-send is named and marked.
  `ALTER TABLE send_lock ADD COLUMN run_id TEXT NOT NULL DEFAULT '';
   ALTER TABLE sends ADD COLUMN resends INTEGER NOT NULL DEFAULT 0;`,
  // The publication ledger: when each release first went public, so digests pick by that and never by the release's
  // own date (a back-dated or late release was never mailed). `source_hash` is the hash of the file's bytes, a
  // change of which is a new version (a correction); `render_hash` is the build's cache key of the release, which
  // also changes with pressroom's pipeline, kept so an unchanged release is told apart without reading its file.
  ({key}) => `CREATE TABLE publications (
     release_id ${key} PRIMARY KEY,
     first_published_at TEXT NOT NULL,
     version INTEGER NOT NULL,
     source_hash TEXT NOT NULL,
     render_hash TEXT NOT NULL
   );
   CREATE INDEX publications_by_instant ON publications (first_published_at);
   CREATE TABLE publication_versions (
     release_id TEXT NOT NULL REFERENCES publications (release_id),
     version INTEGER NOT NULL,
     source_hash TEXT NOT NULL,
     published_at TEXT NOT NULL,
     PRIMARY KEY (release_id, version)
   );`,
  // Consent history (subscriber preference page): every time an address was (re)subscribed, when, and through what
  // (the sign-up form confirmed by link, an import or `subscribers add`, with the operator's `--force-consent` reason
  // for a suppressed address), so a resubscribed address can be accounted for. Rows are only ever added.
  // `consent_requested_at` is when the open sign-up asked for a confirmation, read back when the link is followed.
  ({id}) => `CREATE TABLE consents (
     id ${id},
     subscriber_id INTEGER NOT NULL REFERENCES subscribers (id),
     source TEXT NOT NULL CHECK (source IN ('form', 'add', 'import')),
     reason TEXT,
     requested_at TEXT,
     given_at TEXT NOT NULL
   );
   CREATE INDEX consents_by_subscriber ON consents (subscriber_id, id);
   ALTER TABLE subscribers ADD COLUMN consent_requested_at TEXT;`,
  // Instant alerts and per-subscriber cadence (issue 22): each subscriber picks instant, daily or weekly, overridable
  // per topic (a JSON map tag -> frequency). An alert is a digests row of kind 'alert' carrying one release, so it goes
  // through the same frozen recipients, send states, lock and Message-IDs as a digest; the unique index makes a
  // (release, version) alert exist once even if two runs race. `note` keeps the correction an alert announced, so a
  // silent edit that leaves the same note sends nothing again. `alert_settings` remembers when alerts were first run:
  // publications from before then are the archive and are never alerted.
  `ALTER TABLE subscribers ADD COLUMN frequency TEXT NOT NULL DEFAULT 'daily' CHECK (frequency IN ('instant', 'daily', 'weekly'));
   ALTER TABLE subscribers ADD COLUMN topic_frequencies TEXT NOT NULL DEFAULT '{}';
   ALTER TABLE digests ADD COLUMN kind TEXT NOT NULL DEFAULT 'daily' CHECK (kind IN ('daily', 'weekly', 'alert'));
   ALTER TABLE digests ADD COLUMN release_version INTEGER;
   ALTER TABLE digests ADD COLUMN note TEXT;
   CREATE UNIQUE INDEX digests_one_alert ON digests (release_ids, release_version) WHERE kind = 'alert';
   CREATE INDEX digests_by_kind ON digests (kind, status, id);
   CREATE TABLE alert_settings (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     enabled_at TEXT NOT NULL
   );`,
  // Scheduled publishing (`pressroom run` / `tick`). A deploy row is the work owed after builds that published: it
  // stays `pending` or `failed` until the deploy command succeeds, so a failed deploy is retried and notifies nobody,
  // and `deployed` until every notify step ran, so a crash between the two notifies at the next tick. A digest
  // schedule is anchored when first seen (no firing for the due times before it), and each due time fired is a row,
  // so a restart never fires one twice. One scheduler per database holds `run_lock`, as a sending run holds
  // `send_lock`.
  ({id, epoch}) => `CREATE TABLE deploys (
     id ${id},
     requested_at TEXT NOT NULL,
     release_ids TEXT NOT NULL DEFAULT '[]',
     state TEXT NOT NULL CHECK (state IN ('pending', 'failed', 'deployed', 'notified')),
     attempts INTEGER NOT NULL DEFAULT 0,
     exit_code INTEGER,
     duration_ms INTEGER,
     output_tail TEXT,
     finished_at TEXT
   );
   CREATE TABLE digest_schedules (
     schedule_key TEXT PRIMARY KEY,
     anchored_at TEXT NOT NULL
   );
   CREATE TABLE digest_fires (
     schedule_key TEXT NOT NULL REFERENCES digest_schedules (schedule_key),
     due_at TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('firing', 'done', 'failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     exit_code INTEGER,
     fired_at TEXT NOT NULL,
     PRIMARY KEY (schedule_key, due_at)
   );
   CREATE TABLE run_lock (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     host TEXT NOT NULL,
     pid INTEGER NOT NULL,
     run_id TEXT NOT NULL,
     expires_at ${epoch} NOT NULL
   );`,
  // Re-subscribing through the form (preference page follow-up): the topics and cadence a sign-up asked for are kept
  // with its pending confirmation, a JSON {tags, frequency}, and applied only when that link is followed. A suppressed
  // address is not touched by a sign-up, so without this its old topics came back instead of the ones just chosen.
  `ALTER TABLE subscribers ADD COLUMN requested_choice TEXT;`,
  // Bounces and complaints (issue 25): every report matched to a message of ours is kept as evidence, once (its
  // `evidence_key` is the report's Message-ID and the recipient, so a report read again counts once), and so are the
  // suppressions they caused. A suppression is the subscriber's `unsubscribed` state; its row says why and by which
  // report, and is current while the subscriber's `unsubscribed_at` is its `at` (a later resubscribe moves on from it).
  ({id}) => `CREATE TABLE delivery_events (
     id ${id},
     evidence_key TEXT NOT NULL UNIQUE,
     subscriber_id INTEGER NOT NULL REFERENCES subscribers (id),
     digest_id INTEGER NOT NULL REFERENCES digests (id),
     kind TEXT NOT NULL CHECK (kind IN ('hard-bounce', 'soft-bounce', 'complaint')),
     message_id TEXT NOT NULL,
     report_message_id TEXT,
     status_code TEXT,
     diagnostic TEXT,
     source TEXT NOT NULL,
     received_at TEXT NOT NULL
   );
   CREATE INDEX delivery_events_by_subscriber ON delivery_events (subscriber_id, kind, received_at);
   CREATE INDEX delivery_events_by_digest ON delivery_events (digest_id, kind);
   CREATE TABLE suppressions (
     id ${id},
     subscriber_id INTEGER NOT NULL REFERENCES subscribers (id),
     reason TEXT NOT NULL CHECK (reason IN ('bounce', 'complaint')),
     event_id INTEGER NOT NULL REFERENCES delivery_events (id),
     at TEXT NOT NULL
   );
   CREATE INDEX suppressions_by_subscriber ON suppressions (subscriber_id, at);`,
  // Senders on several hosts (issue 25): on PostgreSQL each sender claims recipients for a while (`claimed_by` names
  // the sender, `lease_until` in epoch milliseconds ends the claim unless renewed), so a sender that dies has its
  // recipients taken over, under the Message-ID already stored with each row.
  `ALTER TABLE sends ADD COLUMN claimed_by TEXT;
   ALTER TABLE sends ADD COLUMN lease_until BIGINT;`
]

/** The newest schema version: the number of migrations, so no code or test names a version that a new step would move. */
export const schemaVersion = migrations.length

/** The table that records PostgreSQL's schema version, where SQLite keeps it in `PRAGMA user_version`. */
const versionTable = 'pressroom_schema'

/** The schema version the database is at (0: a new database). */
export async function storedSchemaVersion(db: Db): Promise<number> {
  if (db.dialect === 'sqlite') return (await db.get<{user_version: number}>('PRAGMA user_version'))?.user_version ?? 0
  await db.exec(`CREATE TABLE IF NOT EXISTS ${versionTable} (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`)
  return (await db.get<{version: number}>(`SELECT version FROM ${versionTable} WHERE id = 1`))?.version ?? 0
}

/**
 * Bring the database up to the newest schema version, each step in its own transaction. The version is read again
 * inside each one, under the store's write lock, so two hosts starting at once apply a step once.
 */
export async function migrateStore(db: Db): Promise<void> {
  const current = await storedSchemaVersion(db)
  if (current > migrations.length) {
    throw new PressroomError('DATABASE_UNAVAILABLE', `The database is at schema version ${current}, newer than this pressroom knows (${migrations.length})`, {
      hint: 'Upgrade pressroom before using this database'
    })
  }
  for (let version = current; version < migrations.length; version++) {
    await db.transaction(async () => {
      if ((await storedSchemaVersion(db)) > version) return
      const step = migrations[version] as Migration
      await db.exec(stepSql(step, db))
      if (db.dialect === 'sqlite') await db.exec(`PRAGMA user_version = ${version + 1}`)
      else await db.run(`INSERT INTO ${versionTable} (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version`, version + 1)
    })
  }
}

/** The SQL of a step in the database's dialect. */
function stepSql(step: Migration, db: Db): string {
  if (typeof step === 'string') return step
  if (typeof step === 'function') return step(columnTypes[db.dialect])
  return step[db.dialect]
}
