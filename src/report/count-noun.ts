/** `1 release`, `2 releases`: a count and its English noun, for the CLI's own lines (emails and pages use the catalogues). */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${new Intl.PluralRules('en').select(count) === 'one' ? singular : plural}`
}
