import {relative, sep} from 'node:path'
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

/** What LiquidJS puts on its parse and render errors: the token, which knows its template file and position. */
interface TemplateErrorLike {
  message: string
  token?: {file?: string; getPosition?: () => [number, number]}
}

/**
 * A thrown error as one overlay problem: a template error names its template, line and column; a config problem
 * names the config file; anything else is reported against `fallbackFile`.
 */
export function errorProblem(error: unknown, options: {configFile: string; fallbackFile: string; cwd: string}): BuildProblem {
  const template = (error as TemplateErrorLike | undefined)?.token
  if (template?.file && typeof template.getPosition === 'function') {
    const [line, column] = template.getPosition()
    const file = template.file.startsWith(options.cwd + sep) ? relative(options.cwd, template.file) : template.file
    return {file, line, column, reason: (error as Error).message.replace(/, file:.*$/, '')}
  }
  if (error instanceof PressroomError) {
    const file = error.code.startsWith('CONFIG') ? options.configFile : options.fallbackFile
    return {file, reason: error.message, ...(error.hint ? {note: error.hint} : {})}
  }
  return {file: options.fallbackFile, reason: error instanceof Error ? error.message : String(error)}
}
