/** Bumped whenever the pipeline's output changes, so cached renders are not trusted across versions. */
export const pipelineVersion = '3'
