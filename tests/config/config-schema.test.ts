import {describe, expect, it} from 'vitest'
import {parseConfig} from '../../src/config/load-config.js'

const config = (timeZone: string) => ({title: 'Example Newsroom', baseUrl: 'https://newsroom.example.com', timeZone})

describe('the timeZone key', () => {
  it('should take canonical IANA names, UTC and the aliases Intl knows', () => {
    for (const zone of ['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5', 'Asia/Calcutta', 'US/Pacific']) {
      expect(parseConfig(config(zone)).timeZone, zone).toBe(zone)
    }
  })

  it('should refuse a name that is no time zone, naming the key', () => {
    for (const zone of ['Mars/Olympus_Mons', 'Europe/Berlinn', '', '+02:00x']) {
      expect(() => parseConfig(config(zone)), zone).toThrow(/`timeZone`.*IANA time zone/)
    }
  })
})

describe('the schedule and deploy keys', () => {
  const withDigests = (digests: unknown) => ({...config('UTC'), schedule: {digests}, deploy: {command: 'rsync -a out/ host:/srv/www/'}})

  it('should take cron patterns, five fields or six with seconds, with an optional name and frequency', () => {
    const parsed = parseConfig(withDigests([{cron: '0 8 * * 1-5'}, {name: 'weekly', cron: '30 7 * * MON', frequency: 'weekly'}, {cron: '0 0 8 * * *'}]))
    expect(parsed.schedule?.digests).toEqual([{cron: '0 8 * * 1-5'}, {name: 'weekly', cron: '30 7 * * MON', frequency: 'weekly'}, {cron: '0 0 8 * * *'}])
    expect(parsed.deploy).toEqual({command: 'rsync -a out/ host:/srv/www/'})
  })

  it('should refuse a pattern that is no cron pattern as one line naming the key', () => {
    expect(() => parseConfig(withDigests([{cron: '0 8 * * 1-5'}, {cron: '61 8 * * *'}]))).toThrow(
      /^Invalid `schedule\.digests\.1\.cron` in config: expected a cron pattern such as `0 8 \* \* 1-5` \(Invalid value for minute: 61\)$/
    )
    expect(() => parseConfig(withDigests([{cron: 'every morning'}]))).toThrow(/^Invalid `schedule\.digests\.0\.cron` in config: expected a cron pattern/)
    expect(() => parseConfig(withDigests([{cron: '0 8 * * *', frequency: 'hourly'}]))).toThrow(/^Invalid `schedule\.digests\.0\.frequency` in config/)
  })
})
