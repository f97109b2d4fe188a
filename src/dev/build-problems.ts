import type {VFile} from 'vfile'
import {PressroomError} from '../report/pressroom-error.js'

/** One problem as the browser overlay shows it: the file, the place in it, what is wrong and how to fix it. */
export interface BuildProblem {
  file: string
  line?: number
  column?: number
  reason: string
  ruleId?: string
  note?: string
}

/** The fatal messages of a failed build, each naming its file, line and column. */
export function buildProblems(files: readonly VFile[]): BuildProblem[] {
  return files.flatMap((file) =>
    file.messages
      .filter((message) => message.fatal === true)
      .map((message) => {
        const problem: BuildProblem = {file: file.path, reason: message.reason}
        if (message.line != null) problem.line = message.line
        if (message.column != null) problem.column = message.column
        if (message.ruleId) problem.ruleId = message.ruleId
        if (message.note) problem.note = message.note
        return problem
      })
  )
}

/** A thrown error (a broken config file, a template that will not render) as one overlay problem. */
export function errorProblem(error: unknown, file: string): BuildProblem {
  if (error instanceof PressroomError) return {file, reason: error.message, ...(error.hint ? {note: error.hint} : {})}
  return {file, reason: error instanceof Error ? error.message : String(error)}
}
