import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import type {z} from 'zod'
import {PressroomError} from '../report/pressroom-error.js'
import {configSchema, type Config} from './config-schema.js'

/** The config file looked for in the working directory when no `--config` is given. */
export const defaultConfigFile = 'pressroom.config.json'

/** Read and validate the config file; any problem is one `PressroomError` naming the key. */
export function loadConfig(path: string | undefined, cwd: string = process.cwd()): Config & {configPath: string} {
  const configPath = resolve(cwd, path ?? defaultConfigFile)
  let text: string
  try {
    text = readFileSync(configPath, 'utf8')
  } catch (error) {
    throw new PressroomError('CONFIG_NOT_FOUND', `Could not read the config file \`${configPath}\``, {
      hint: path ? 'Check the path given to --config' : `Create ${defaultConfigFile} in this folder (see the README) or pass --config FILE`,
      cause: error
    })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new PressroomError('CONFIG_UNREADABLE', `Could not parse \`${configPath}\` as JSON: ${(error as Error).message}`, {
      hint: 'Fix the JSON syntax (no trailing commas, double-quoted keys)',
      cause: error
    })
  }
  return {...parseConfig(data, configPath), configPath}
}

/** Validate config data; the first problem becomes one readable line naming the key. */
export function parseConfig(data: unknown, where = 'config'): Config {
  const result = configSchema.safeParse(data)
  if (result.success) return result.data
  const issue = result.error.issues[0] as z.core.$ZodIssue
  const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)'
  const detail = issue.code === 'unrecognized_keys' ? `unknown key \`${issue.keys.join('`, `')}\`` : issue.message
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : ''
  throw new PressroomError('CONFIG_INVALID', `Invalid \`${issue.code === 'unrecognized_keys' ? issue.keys[0] : key}\` in ${where}: ${detail}${more}`, {
    hint: 'See "Config" in the README for every key and its type'
  })
}
