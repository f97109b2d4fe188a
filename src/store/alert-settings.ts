import type {Db} from './db.js'

/** The instant alerts were first run on this database (recorded now if never and `record`), else `now`. */
export async function alertsEnabledAt(db: Db, now: number, options: {record: boolean}): Promise<number> {
  const row = await db.get<{enabled_at: string}>('SELECT enabled_at FROM alert_settings WHERE id = 1')
  if (row) return Date.parse(row.enabled_at)
  if (options.record) await db.run('INSERT INTO alert_settings (id, enabled_at) VALUES (1, ?) ON CONFLICT DO NOTHING', new Date(now).toISOString())
  return now
}
