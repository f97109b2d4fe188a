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
