/** The patient's offer page (docs/offer-page.md); shared/offers/offer-link.ts makes its links. */
export const OFFER_PAGE_ROUTE = '/offers/:token'

export const offerPagePath = (token: string, answer?: 'accept' | 'decline'): string =>
  `/offers/${token}${answer === undefined ? '' : `/${answer}`}`

/**
 * A path as the log may hold it: the segment after /offers/ is an offer link's credential, whatever it is (and
 * however spelt: routes match paths in any case).
 */
export const loggedPath = (path: string): string => path.replace(/^\/offers\/[^/]+/i, '/offers/:token')
