import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {chromeString, loadCatalogues} from '../liquid/chrome-strings.js'
import {createLiquid, templatesDir} from '../liquid/create-liquid.js'

/** The server's page and confirmation-mail templates, which PR staff may restyle like the site's. */
export const serverTemplatesDir = join(templatesDir, 'server')

/** The pages the server answers with. */
export type ServerPageName = 'subscribe' | 'subscribe-received' | 'confirm' | 'confirmed' | 'unsubscribe' | 'unsubscribed' | 'preferences' | 'problem'

/** Renders the server's pages and its confirmation mail, all escaped by the shared Liquid factory. */
export interface ServerPages {
  /** `heading`, and a problem's `message` and `hint`, are chrome string keys, said in the site's language. */
  page(name: ServerPageName, data: {heading: string} & Record<string, unknown>): Promise<string>
  confirmationEmail(data: {email: string; confirmUrl: string; validDays: number; subject: string}): Promise<{html: string; text: string}>
  stylesheet(): Promise<string>
}

/** Create the renderer of the server's pages for one newsroom. */
export function createServerPages(config: Config, options: {root?: string} = {}): ServerPages {
  const root = options.root ?? serverTemplatesDir
  const liquid = createLiquid({root})
  const site = {title: config.title, language: config.language, home: config.baseUrl + '/'}
  const render = (file: string, data: object) => liquid.renderFile(file, {site, ...data}) as Promise<string>
  let css: Promise<string> | undefined
  return {
    page(name, data) {
      // The server's words are in the site's language: a subscriber reaches it from the site, not from one release.
      const said: Record<string, unknown> = {...data}
      for (const field of ['heading', 'message', 'hint']) if (typeof data[field] === 'string') said[field] = chromeString(loadCatalogues(), config.language, data[field], data)
      return render(name, said)
    },
    async confirmationEmail(data) {
      const [html, text] = await Promise.all([render('confirmation-email.html.liquid', data), render('confirmation-email.txt.liquid', data)])
      return {html, text: text.trimStart()}
    },
    stylesheet: () => (css ??= readFile(join(root, 'server.css'), 'utf8'))
  }
}
