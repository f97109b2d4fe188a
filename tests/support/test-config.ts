import {parseConfig} from '../../src/config/load-config.js'
import type {Config, ConfigInput} from '../../src/config/config-schema.js'

/** A valid config for tests; override any key. */
export function testConfig(overrides: Partial<ConfigInput> = {}): Config {
  return parseConfig({
    title: 'Example Newsroom',
    baseUrl: 'https://newsroom.example.com',
    language: 'en',
    timeZone: 'Europe/Amsterdam',
    distributor: 'GLOBE NEWSWIRE',
    pageSize: 10,
    email: {from: 'Example Newsroom <newsroom@newsroom.example.com>'},
    ...overrides
  })
}
