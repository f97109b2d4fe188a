import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCli} from '../support/run-cli.js'

describe('pressroom subscribers with a frequency', () => {
  it('should take --frequency on add and a frequency column on import, show it in list, and refuse an unknown one', async () => {
    const {dir} = await makeDigestNewsroom([])
    const cli = (...args: string[]) => runCli(args, {cwd: dir})
    expect(cli('subscribers', 'add', 'ana@example.com', '--frequency', 'instant').stdout).toBe('pressroom: ana@example.com: added\n')
    expect(cli('subscribers', 'add', 'bo@example.com').status).toBe(0)
    const hourly = cli('subscribers', 'add', 'cy@example.com', '--frequency', 'hourly')
    expect(hourly.status).toBe(1)
    expect(hourly.stderr).toContain("Allowed choices are instant, daily, weekly")
    await writeFile(join(dir, 'list.csv'), 'email,name,tags,frequency\ndee@example.com,Dee,energy,weekly\nbo@example.com,,,instant\neve@example.com,Eve,,hourly\n')
    const imported = cli('subscribers', 'import', 'list.csv')
    expect(imported.status).toBe(1)
    expect(imported.stdout).toContain('line 4: rejected: Unexpected frequency `hourly`, expected `instant`, `daily`, `weekly`')
    expect(imported.stdout).toContain('added 1, updated 1')
    expect(cli('subscribers', 'list').stdout.split('\n').slice(0, 3)).toEqual([
      'ana@example.com\tactive\tinstant\t\t',
      'bo@example.com\tactive\tinstant\t\t',
      'dee@example.com\tactive\tweekly\tDee\tenergy'
    ])
    const json = JSON.parse(cli('subscribers', 'list', '--json').stdout) as Array<{email: string; frequency: string; topicFrequencies: object}>
    expect(json.map((s) => [s.email, s.frequency, s.topicFrequencies])).toEqual([['ana@example.com', 'instant', {}], ['bo@example.com', 'instant', {}], ['dee@example.com', 'weekly', {}]])
  })
})
