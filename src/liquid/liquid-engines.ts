import type {Liquid} from 'liquidjs'
import {createLiquid} from './create-liquid.js'

/** The LiquidJS engine of a templates folder, made on first use (see {@link liquidEngines}). */
export type LiquidEngines = (templatesDir: string) => Liquid

/**
 * One LiquidJS engine per templates folder, each made on first use, so a template is parsed once per build. Make one
 * per build: an engine keeps what it parsed, and a preview must see the templates as they are now.
 */
export function liquidEngines(): LiquidEngines {
  const engines = new Map<string, Liquid>()
  return (templatesDir) => {
    let liquid = engines.get(templatesDir)
    if (!liquid) engines.set(templatesDir, (liquid = createLiquid({root: templatesDir})))
    return liquid
  }
}
