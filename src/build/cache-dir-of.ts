import {dirname, join, resolve} from 'node:path'

/** The folder of the build cache: beside the out folder, so each newsroom (and each test's temp folder) has its own. */
export function cacheDirOf(outDir: string, cwd: string): string {
  return join(dirname(resolve(cwd, outDir)), '.pressroom-cache')
}

/** Where a build keeps the renditions it made of the public folder's images, inside its cache folder. */
export function imageStoreDir(cacheDir: string): string {
  return join(cacheDir, 'images')
}
