import {createHash} from 'node:crypto'
import {PressroomError} from '../report/pressroom-error.js'
import type {Db} from './db.js'

/** One table's rows and a checksum of them, the same whichever dialect holds them. */
export interface TableSummary {
  table: string
  rows: number
  sha256: string
}

// Rows go over in statements of this many: a server round trip each, well under both dialects' parameter limits.
const batchRows = 200

/** The store's tables (not the schema-version bookkeeping), parents before the tables whose foreign keys name them. */
export async function storeTables(db: Db): Promise<string[]> {
  const names = db.dialect === 'sqlite'
    ? (await db.all<{name: string}>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)).map((row) => row.name)
    : (await db.all<{name: string}>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name != 'pressroom_schema' ORDER BY table_name`)).map((row) => row.name)
  const parents = new Map<string, Set<string>>(names.map((name) => [name, new Set()]))
  if (db.dialect === 'sqlite') {
    for (const name of names) for (const key of await db.all<{table: string}>(`SELECT "table" FROM pragma_foreign_key_list(?)`, name)) parents.get(name)?.add(key.table)
  } else {
    const keys = await db.all<{child: string; parent: string}>(
      `SELECT tc.table_name AS child, ccu.table_name AS parent FROM information_schema.table_constraints tc
       JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema
       WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`
    )
    for (const key of keys) parents.get(key.child)?.add(key.parent)
  }
  const ordered: string[] = []
  const visit = (name: string, path: ReadonlySet<string>) => {
    if (ordered.includes(name) || path.has(name)) return
    for (const parent of parents.get(name) ?? []) if (parent !== name) visit(parent, new Set([...path, name]))
    ordered.push(name)
  }
  for (const name of names) visit(name, new Set())
  return ordered
}

/**
 * Each table's row count and a SHA-256 over its rows (columns by name, rows sorted), so a copy can be checked against
 * its source whichever dialects the two are in.
 */
export async function summarizeTables(db: Db): Promise<TableSummary[]> {
  const summaries: TableSummary[] = []
  for (const table of await storeTables(db)) {
    const lines = (await db.all<Record<string, unknown>>(`SELECT * FROM ${table}`))
      .map((row) => JSON.stringify(Object.keys(row).sort().map((column) => [column, row[column] ?? null])))
      .sort()
    summaries.push({table, rows: lines.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex')})
  }
  return summaries
}

/**
 * Copy every row of every table from `from` into the empty store `to`, in one transaction on `to`, and check before
 * it commits that each table's count and checksum match the source's: a copy is whole or not there at all. Both must
 * be at the same schema version (opening them migrates both). Resolves to what was copied, table by table.
 */
export async function copyStore(from: Db, to: Db): Promise<TableSummary[]> {
  const tables = await storeTables(from)
  const targetTables = await storeTables(to)
  const missing = tables.filter((table) => !targetTables.includes(table))
  if (missing.length > 0) {
    throw new PressroomError('DATABASE_UNAVAILABLE', `The target store has no table ${missing.map((table) => `\`${table}\``).join(', ')}`, {
      hint: 'Run the same pressroom version against both stores (`pressroom db migrate`)'
    })
  }
  const source = await summarizeTables(from)
  return to.transaction(async () => {
    for (const table of targetTables) {
      const row = await to.get<{n: number}>(`SELECT COUNT(*) AS n FROM ${table}`)
      if ((row?.n ?? 0) > 0) {
        throw new PressroomError('DATABASE_UNAVAILABLE', `The target store is not empty: table \`${table}\` has ${row?.n} rows`, {
          hint: 'Copy into a new, empty database, so no subscriber, suppression or send record is mixed with others'
        })
      }
    }
    for (const table of tables) {
      const rows = await from.all<Record<string, unknown>>(`SELECT * FROM ${table}`)
      const columns = Object.keys(rows[0] ?? {})
      for (let start = 0; start < rows.length; start += batchRows) {
        const batch = rows.slice(start, start + batchRows)
        const tuple = `(${columns.map(() => '?').join(', ')})`
        await to.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`, ...batch.flatMap((row) => columns.map((column) => row[column] ?? null)))
      }
      if (to.dialect === 'postgres' && columns.includes('id') && rows.length > 0) {
        // Rows kept their ids; the identity must continue after them, or the next insert collides with a copied row.
        await to.get(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table})) WHERE pg_get_serial_sequence('${table}', 'id') IS NOT NULL`)
      }
    }
    const copied = await summarizeTables(to)
    for (const expected of source) {
      const got = copied.find((summary) => summary.table === expected.table)
      if (got?.rows !== expected.rows || got.sha256 !== expected.sha256) {
        throw new PressroomError('DATABASE_UNAVAILABLE', `The copy of table \`${expected.table}\` differs from its source (${got?.rows ?? 0} rows against ${expected.rows}); nothing was copied`, {
          hint: 'Report this with both pressroom and database versions'
        })
      }
    }
    return source
  })
}
