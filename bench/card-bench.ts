import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {CardFacts} from '../src/cards/card-element.js'
import {renderCard} from '../src/cards/render-card.js'
import {median} from './run-child.js'

/** Median time to draw one social card, per script, after one card of each has loaded its fonts. */
export interface CardBench {
  cards: number
  latinMs: number
  chineseMs: number
  arabicMs: number
}

const colours = {background: '#0b2545', foreground: '#ffffff', accent: '#f2a541'}
const headlines = {
  latin: (n: number) => `Northwind signs Baltic Ports deal number ${n} for shore power at twelve ferry berths`,
  chinese: (n: number) => `北风能源与波罗的海港口签署第${n}份岸电协议，覆盖十二个渡轮泊位`,
  arabic: (n: number) => `نورثويند توقع اتفاقية رقم ${n} مع موانئ البلطيق لتزويد اثني عشر رصيفا بالطاقة`
}

/** Draw `count` cards per script (each headline different, as in a newsroom), one after the other on this thread. */
export async function benchCards(count = 20): Promise<CardBench> {
  const times: Record<keyof typeof headlines, number[]> = {latin: [], chinese: [], arabic: []}
  const fontDir = await mkdtemp(join(tmpdir(), 'pressroom-card-bench-'))
  try {
    for (const script of Object.keys(headlines) as Array<keyof typeof headlines>) {
      const facts = (n: number): CardFacts => ({headline: headlines[script](n), dateline: 'GDAŃSK, Poland · Dec. 5, 2026', brand: 'Northwind Energy Systems', footer: 'Northwind Newsroom', language: 'en', colours})
      await renderCard(facts(0), fontDir)
      for (let n = 1; n <= count; n++) {
        const start = performance.now()
        await renderCard(facts(n), fontDir)
        times[script].push(performance.now() - start)
      }
    }
  } finally {
    await rm(fontDir, {recursive: true, force: true})
  }
  return {cards: count, latinMs: median(times.latin), chineseMs: median(times.chinese), arabicMs: median(times.arabic)}
}
