import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {runCli} from './support/run-cli.js'

describe('pressroom --version', () => {
  it('should print the version of package.json and exit 0', () => {
    const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}
    const result = runCli(['--version'], {cwd: process.cwd()})
    expect(result.status).toBe(0)
    expect(result.stdout.trim()).toBe(version)
  })
})
