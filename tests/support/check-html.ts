import {spawnSync} from 'node:child_process'
import {createRequire} from 'node:module'

/** One problem the Nu HTML checker found. */
export interface HtmlProblem {
  type: string
  url?: string
  lastLine?: number
  message: string
  extract?: string
}

const vnuJar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar')

/**
 * Run the Nu HTML checker (vnu.jar) once over files or folders and return its errors (warnings left out).
 * One run for many files: the JVM takes seconds to start.
 */
export function checkHtml(paths: readonly string[]): HtmlProblem[] {
  const result = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...paths], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
  if (result.error) throw result.error
  // vnu writes its JSON report to stderr; a non-JSON text means it could not run at all.
  const report = JSON.parse(result.stderr) as {messages: HtmlProblem[]}
  return report.messages.filter((message) => message.type === 'error' || message.type === 'non-document-error')
}

/** Problems as one line each, for a failing assertion's message. */
export function formatHtmlProblems(problems: readonly HtmlProblem[]): string {
  return problems.map((problem) => `${problem.url ?? ''}:${problem.lastLine ?? '?'}: ${problem.message}`).join('\n')
}
