import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {errorProblem} from '../../src/dev/build-problems.js'
import {PressroomError} from '../../src/report/pressroom-error.js'
import {createLiquid} from '../../src/liquid/create-liquid.js'

let dir = ''
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

const where = (cwd: string) => ({configFile: 'pressroom.config.json', fallbackFile: 'releases', cwd})

describe('problems the preview overlay shows for thrown errors', () => {
  it('should name the template, line and column of a broken template', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-problems-'))
    await mkdir(join(dir, 'templates'))
    await writeFile(join(dir, 'templates/release.liquid'), '<h1>{{ release.title }}</h1>\n<p>{{ release.title | shout }}</p>\n')
    const liquid = createLiquid({root: join(dir, 'templates')})
    const problem = {file: 'templates/release.liquid', line: 2, column: 4, reason: 'undefined filter: shout'}
    // Site pages render synchronously, the server's pages asynchronously: both errors name the same place.
    expect(errorProblem(await liquid.renderFile('release', {}).catch((caught: unknown) => caught), where(dir))).toEqual(problem)
    let thrown: unknown
    try {
      liquid.renderFileSync('release', {})
    } catch (caught) {
      thrown = caught
    }
    expect(errorProblem(thrown, where(dir))).toEqual(problem)
  })

  it('should put a config problem on the config file with its hint, and anything else on the fallback', () => {
    const config = new PressroomError('CONFIG_INVALID', 'Invalid `pageSize` in pressroom.config.json: expected number', {hint: 'See "Config" in the README'})
    expect(errorProblem(config, where('/work'))).toEqual({file: 'pressroom.config.json', reason: config.message, note: 'See "Config" in the README'})
    expect(errorProblem(new Error('disk full'), where('/work'))).toEqual({file: 'releases', reason: 'disk full'})
  })
})
