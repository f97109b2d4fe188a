/** The primary subtag of a BCP 47 language tag, lower-cased (`zh-Hans` -> `zh`, `EN-gb` -> `en`). */
export function primaryLanguage(tag: string): string {
  return tag.split('-')[0]?.toLowerCase() ?? ''
}
