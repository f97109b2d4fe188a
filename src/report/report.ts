import type {VFile} from 'vfile'
import type {Point, Position} from 'unist'
import {rules, type RuleId} from './rules.js'

/** Report a content problem on `file` under a permanent rule id; the catalogue decides fatal and hint. */
export function report(file: VFile, ruleId: RuleId, reason: string, place?: Point | Position) {
  const rule = rules[ruleId]
  const message = file.message(reason, {place, ruleId, source: 'pressroom'})
  message.fatal = rule.fatal
  message.note = rule.hint
  return message
}

/** Whether any file carries a fatal message. */
export function hasFatal(files: readonly VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true))
}
