import {describe, expect, it} from 'vitest'
import {fitHeadline, fitSubject, subjectMaxWidth, textWidth} from '../../src/email/fit-subject.js'

describe('fitSubject', () => {
  it('should leave a subject that fits as it is', () => {
    expect(fitSubject('Port budget approved', (headline) => `Acme: ${headline}`, 'en')).toBe('Acme: Port budget approved')
  })

  it('should cut the headline at a word, drop a dangling preposition or comma, and keep the frame whole', () => {
    const frame = (headline: string) => `Northwind Newsroom: ${headline}, and 12 more`
    const subject = fitSubject('Northwind signs Baltic Ports deal with the ports of Gdańsk, Klaipėda, Riga and Tallinn for shore power', frame, 'en')
    expect(subject).toBe('Northwind Newsroom: Northwind signs Baltic Ports deal…, and 12 more')
    expect(textWidth(subject)).toBeLessThanOrEqual(subjectMaxWidth)
    expect(fitHeadline('Shore power for the ferries, tugs and the harbour craft of Rotterdam', 40, 'en')).toBe('Shore power for the ferries, tugs…')
    expect(fitHeadline('Northwind signs a deal with Baltic Ports', 28, 'en')).toBe('Northwind signs a deal…')
    // Not "40 ferries to shore…": a phrase cut after its first word says something else.
    expect(fitHeadline('Harbour grid pilot connects 40 ferries to shore power', 47, 'en')).toBe('Harbour grid pilot connects 40 ferries…')
  })

  it('should count CJK characters as two columns and cut a Chinese headline between words', () => {
    const headline = '北风能源系统公司与波罗的海港口签署协议，到2028年为十二个渡轮泊位提供岸电并减少停泊船舶的排放'
    const subject = fitSubject(headline, (text) => `北风新闻中心：${text}（另有 4 篇）`, 'zh')
    expect(textWidth(subject)).toBeLessThanOrEqual(subjectMaxWidth)
    expect(subject).toMatch(/^北风新闻中心：北风能源系统公司与波罗的海港口.+…（另有 4 篇）$/)
    expect(headline.startsWith(subject.slice('北风新闻中心：'.length, subject.indexOf('…')))).toBe(true)
  })

  it('should cut inside a single word longer than the room rather than send an empty headline', () => {
    expect(fitHeadline('Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen', 20, 'de')).toBe('Donaudampfschifffah…')
  })
})
