import type {Point, Position} from 'unist'
import {VFile} from 'vfile'

/** A vfile message as plain data: what crosses a worker boundary or sits in the build cache. */
export interface MessageRecord {
  reason: string
  place?: Point | Position
  ruleId?: string
  source?: string
  fatal?: boolean | null
  note?: string
}

/** The messages of `file` as plain records (structured-clone and JSON safe). */
export function toMessageRecords(file: VFile): MessageRecord[] {
  return file.messages.map((message) => {
    const record: MessageRecord = {reason: message.reason, fatal: message.fatal}
    if (message.place) record.place = message.place
    if (message.ruleId) record.ruleId = message.ruleId
    if (message.source) record.source = message.source
    if (message.note) record.note = message.note
    return record
  })
}

/** A vfile at `path` carrying `records` as messages, as if the release had been checked on this thread. */
export function fileFromRecords(path: string, records: readonly MessageRecord[]): VFile {
  const file = new VFile({path})
  for (const record of records) {
    const message = file.message(record.reason, {place: record.place, ruleId: record.ruleId, source: record.source})
    message.fatal = record.fatal
    if (record.note !== undefined) message.note = record.note
  }
  return file
}
