import type {TestProject} from 'vitest/node'
import {startPostgres} from './support/start-postgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The private test cluster's superuser URL (database `postgres`); test files make databases of their own in it. */
    postgresUrl: string
  }
}

/** One private PostgreSQL cluster for the whole run (initdb in a temp folder, on 127.0.0.1), stopped and removed after. */
export default async function setup(project: TestProject) {
  const postgres = await startPostgres()
  project.provide('postgresUrl', postgres.url())
  return () => postgres.stop()
}
