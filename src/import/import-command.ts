import {mkdir, writeFile} from 'node:fs/promises'
import {dirname} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {PressroomError} from '../report/pressroom-error.js'
import {extractWireRelease} from './extract-wire-release.js'
import {importedFiles} from './imported-files.js'
import {readImportInput} from './read-import-input.js'

/** What `pressroom import` was asked: the input (`-` for stdin), where to write, and whether only to print. */
export interface ImportOptions {
  input: string
  releasesDir: string
  organizationsDir: string
  dryRun: boolean
}

/**
 * Turn a wire release as received into a release file (and its organization's file when there is none yet), saying
 * what was recognised and what was not, line by line. Never overwrites: an existing release file is refused.
 */
export async function runImportCommand(options: ImportOptions, config: Config, io: {stdout: (text: string) => void; stderr: (text: string) => void; readStdin: () => Promise<Buffer>}): Promise<void> {
  const input = await readImportInput(options.input, io.readStdin)
  const wire = extractWireRelease(input.text, input.subject === undefined ? {} : {fallbackTitle: input.subject})
  // A text/plain part drops the Media Snippet's link; the same email's HTML part still has it.
  if (wire.media === undefined && input.htmlText !== undefined) {
    const fromHtml = extractWireRelease(input.htmlText).media
    if (fromHtml !== undefined) {
      wire.media = fromHtml
      const index = wire.notes.findIndex((note) => note.what.startsWith('the Media Snippet line'))
      const line = wire.notes[index]?.line ?? 1
      if (index >= 0) wire.notes.splice(index, 1)
      wire.recognised.push({line, what: `Media Snippet: ${fromHtml.url} (its link, from the email's HTML part)`})
    }
  }
  wire.recognised.sort((a, b) => a.line - b.line)
  const files = importedFiles(wire, {timeZone: config.timeZone, releasesDir: options.releasesDir, organizationsDir: options.organizationsDir, defaultSource: config.publisher?.name ?? config.title})
  // In a dry run stdout is the release file alone, so it can be redirected; the report goes to stderr.
  const say = options.dryRun ? io.stderr : io.stdout
  say(`pressroom: recognised a ${wire.dateline.distributor} release (line numbers are of ${input.linesOf})\n`)
  for (const entry of wire.recognised) say(`  line ${entry.line}: ${entry.what}\n`)
  if (wire.notes.length > 0) say('not recognised:\n')
  for (const entry of wire.notes) say(`  line ${entry.line}: ${entry.what}\n`)

  if (options.dryRun) {
    io.stdout(files.release.text)
    if (files.organization) say(`pressroom: dry run; would write ${files.release.path} and, when it does not exist yet, ${files.organization.path}\n`)
    else say(`pressroom: dry run; would write ${files.release.path}\n`)
    return
  }
  await mkdir(dirname(files.release.path), {recursive: true})
  try {
    await writeFile(files.release.path, files.release.text, {flag: 'wx'})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new PressroomError('RELEASE_EXISTS', `\`${files.release.path}\` already exists; nothing was written`, {hint: 'Import into another --releases folder, or remove or rename the existing file first'})
    }
    throw error
  }
  say(`pressroom: wrote ${files.release.path}\n`)
  if (!files.organization) return
  await mkdir(dirname(files.organization.path), {recursive: true})
  try {
    await writeFile(files.organization.path, files.organization.text, {flag: 'wx'})
    say(`pressroom: wrote ${files.organization.path} (the organization's boilerplate, contacts and tickers from this release); the release names it as \`organization: ${files.organization.slug}\`\n`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    say(`pressroom: ${files.organization.path} already exists; left as it was (compare its boilerplate and contacts with this release's)\n`)
  }
}
