import {spawn, type ChildProcess} from 'node:child_process'
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Browser, Page} from 'playwright-core'
import {launchChromium} from '../support/launch-chromium.js'
import {afterAll, describe, expect, it} from 'vitest'
import {findSubscriber} from '../../src/store/subscriber-store.js'
import {fixtureNewsroom, startTestSubscriptions, type TestSubscriptions} from '../server/start-test-subscriptions.js'

const cli = new URL('../../dist/bin/cli.js', import.meta.url).pathname
const artifacts = new URL('../artifacts/', import.meta.url).pathname
const releaseFile = 'releases/2025-09-15-harbour-shore-power.md'
const releasePage = '/releases/2025-09-15-harbour-shore-power/'

let dir = ''
let dev: ChildProcess | undefined
let browser: Browser | undefined
let subscriptions: TestSubscriptions | undefined
afterAll(async () => {
  await browser?.close()
  if (dev && dev.exitCode === null) {
    const exited = new Promise((done) => dev?.once('exit', done))
    dev.kill('SIGTERM')
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))])
  }
  await subscriptions?.close()
  if (dir) await rm(dir, {recursive: true, force: true})
})

/** Start `node dist/bin/cli.js dev` on the copy and wait (bounded) for the origin it prints. */
async function startDev(cwd: string): Promise<{origin: string; output: string[]}> {
  const output: string[] = []
  dev = spawn(process.execPath, [cli, 'dev', '--port', '0', '--releases', 'releases', '--config', 'pressroom.config.json', '--now', '2025-09-20T12:00:00Z'], {cwd, stdio: ['ignore', 'pipe', 'pipe']})
  dev.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  dev.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  for (let attempt = 0; attempt < 200; attempt++) {
    const origin = /previewing on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.join(''))?.[1]
    if (origin) return {origin, output}
    if (dev.exitCode !== null) break
    await new Promise((done) => setTimeout(done, 50))
  }
  throw new Error(`pressroom dev did not start:\n${output.join('')}`)
}

const edit = async (file: string, change: (text: string) => string) => writeFile(join(dir, file), change(await readFile(join(dir, file), 'utf8')))
const shot = (page: Page, name: string) => page.screenshot({path: join(artifacts, `${name}.png`), fullPage: true})
const localOnly = async (page: Page) => page.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort())

describe('the preview and the subscribe form in headless Chromium', () => {
  it('should update an open preview tab in place after an edit, overlay a validation error, and subscribe through the form without JavaScript', async () => {
    subscriptions = await startTestSubscriptions()
    dir = await mkdtemp(join(tmpdir(), 'pressroom-browser-'))
    await cp(fixtureNewsroom, dir, {recursive: true})
    await edit('pressroom.config.json', (text) => text.replace('http://127.0.0.1:4100/subscribe', subscriptions!.config.subscribeUrl!))
    const {origin, output} = await startDev(dir)
    await mkdir(artifacts, {recursive: true})
    browser = await launchChromium()

    // Page code is passed as strings: this project's TypeScript has no DOM types.
    // 1. Open the preview.
    const context = await browser.newContext({viewport: {width: 1100, height: 900}})
    const page = await context.newPage()
    await localOnly(page)
    await page.goto(origin + releasePage, {waitUntil: 'load'})
    await expect.poll(() => page.evaluate("document.querySelector('h1')?.textContent")).toBe('Port of Emden switches its ferries to shore power')
    await page.evaluate("window.__marker = 'set before the edit'")
    await shot(page, 'dev-release-before-edit')

    // 2. and 3. Edit the release file; the open tab changes without a reload.
    await edit(releaseFile, (text) => text.replace('Port of Emden switches its ferries to shore power', 'Port of Emden switches every ferry to shore power'))
    await page.waitForFunction("document.querySelector('h1')?.textContent === 'Port of Emden switches every ferry to shore power'", undefined, {timeout: 20_000})
    expect(await page.evaluate('window.__marker')).toBe('set before the edit')
    await shot(page, 'dev-release-after-edit')

    // A validation error shows in an overlay naming file and line; the last good page stays.
    await edit(releaseFile, (text) => text.replace('date: 2025-09-15T09:00:00+02:00', 'date: 2025-09-16T09:00:00+02:00'))
    const overlay = page.locator('#pressroom-overlay')
    await overlay.waitFor({state: 'visible', timeout: 20_000})
    expect(await overlay.textContent()).toContain(`${releaseFile}:4:`)
    expect(await page.locator('h1').first().textContent()).toBe('Port of Emden switches every ferry to shore power')
    await shot(page, 'dev-validation-overlay')
    await edit(releaseFile, (text) => text.replace('date: 2025-09-16T09:00:00+02:00', 'date: 2025-09-15T09:00:00+02:00'))
    await overlay.waitFor({state: 'detached', timeout: 20_000})
    expect(await page.evaluate('window.__marker')).toBe('set before the edit')

    // Held-back releases are in the preview, marked.
    await page.goto(origin + '/', {waitUntil: 'load'})
    await shot(page, 'dev-index-with-held-releases')
    await page.goto(origin + '/releases/2025-09-22-quarterly-results/', {waitUntil: 'load'})
    expect(await page.locator('.pressroom-preview-banner').textContent()).toBe('Embargoed until Sept. 22, 2025, 07:00 GMT+2')
    await shot(page, 'dev-embargoed-release')
    await page.goto(origin + '/_pressroom/email/preview.html', {waitUntil: 'load'})
    await shot(page, 'dev-digest-preview')

    // 4. Subscribe through the form with JavaScript off; the answer comes from `serve`.
    const noScript = await browser.newContext({javaScriptEnabled: false, viewport: {width: 900, height: 800}})
    const form = await noScript.newPage()
    await localOnly(form)
    await form.goto(origin + releasePage, {waitUntil: 'load'})
    await form.fill('#subscribe-email', 'browser.reader@example.org')
    await Promise.all([form.waitForURL(`${subscriptions.server.origin}/subscribe`), form.click('form.subscribe button[type="submit"]')])
    expect(await form.locator('h1').textContent()).toBe('Check your inbox')
    await shot(form, 'serve-subscribe-received')
    const [mail] = await subscriptions.smtp.waitFor('browser.reader@example.org', 1)
    const link = /http:\/\/127\.0\.0\.1:\d+\/confirm\?token=\S+/.exec(mail?.text ?? '')?.[0] as string
    await form.goto(link, {waitUntil: 'load'})
    await shot(form, 'serve-confirm-page')
    expect((await findSubscriber(subscriptions.store.db, 'browser.reader@example.org'))?.status).toBe('pending')
    await Promise.all([form.waitForURL(`${subscriptions.server.origin}/confirm`), form.click('button[type="submit"]')])
    expect(await form.locator('h1').textContent()).toBe('You are subscribed')
    await shot(form, 'serve-confirmed')
    expect((await findSubscriber(subscriptions.store.db, 'browser.reader@example.org'))?.status).toBe('active')
    expect(output.join('')).toContain('pressroom dev: built (changed: releases/2025-09-15-harbour-shore-power.md)')
  })
})
