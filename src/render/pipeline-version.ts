/**
 * Bumped whenever the pipeline's output or the cache's record of it changes, so cached renders are not trusted across
 * versions.
 */
export const pipelineVersion = '11'
