#!/usr/bin/env node
import {fileURLToPath} from 'node:url'
import {markOnOwnThreads} from './mark-on-own-threads.js'
import {runWithCompileCache} from './run-with-compile-cache.js'

// The `pressroom` command: bundled to dist/bin/cli.js, beside the CLI's own bundle, pressroom.cjs.
markOnOwnThreads()
runWithCompileCache(fileURLToPath(new URL('./pressroom.cjs', import.meta.url)), process.env.PRESSROOM_WRITE_COMPILE_CACHE)
