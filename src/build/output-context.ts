import type {CardsContext} from '../cards/write-cards.js'
import type {EmailPreviewContext} from '../email/write-email-preview.js'
import type {FeedsContext} from '../feeds/write-feeds.js'
import type {NewsmlContext} from '../newsml/write-newsml.js'
import type {SearchContext} from '../search/write-search-index.js'
import type {SiteContext} from '../site/write-site.js'

/** What every output writer (site, feeds, NewsML-G2, search index, email preview, cards) receives from the composition root: what each one reads. */
export type OutputContext = SiteContext & FeedsContext & NewsmlContext & SearchContext & EmailPreviewContext & CardsContext
