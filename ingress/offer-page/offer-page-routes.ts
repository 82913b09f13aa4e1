import type Router from '@koa/router'
import type { Middleware, ParameterizedContext } from 'koa'
import type { Logger } from 'pino'
import * as O from 'fp-ts/Option'
import type { Actor } from '../../shared/auth/actor'
import type { Identifier } from '../../shared/codecs/identifier'
import { readOfferToken } from '../../shared/offers/offer-link'
import type { JobClient } from '../queue/job-client'
import { runOfferAnswer, type OfferAnswerOutcome } from '../offers/run-offer-answer'
import { isCrossSitePost } from './cross-site'
import type { Html } from './html'
import { PAGE_HEADERS } from './page-layout'
import { messagePage, offerPage, type Notice } from './offer-page-view'
import { loggedPath, OFFER_PAGE_ROUTE, offerPagePath } from './offer-page-paths'
import { requestIdOf } from '../middleware/request-log'
import type { FindLinkedOffer, LinkedOffer } from './offer-page-reads'

export interface OfferPageDependencies {
  readonly linkSecret: string
  /** Where links point (PUBLIC_BASE_URL): a post from there is the page's own, as is one from the request's host. */
  readonly publicBaseUrl: string
  readonly findLinkedOffer: FindLinkedOffer
  readonly jobs: JobClient
  readonly logger: Logger
}

/** Who answers through a link: the offer's patient, named without the token (which is a credential, not a name). */
const linkActor = (patientId: Identifier): Actor => ({
  sub: 'offer-link' as Actor['sub'],
  role: 'USER',
  patient_id: patientId,
})

const answerPage = (ctx: ParameterizedContext, status: number, page: Html): void => {
  ctx.status = status
  ctx.body = page.text
}

const notValid = (ctx: ParameterizedContext): void =>
  answerPage(
    ctx,
    404,
    messagePage(
      'This link is not valid',
      'Please check that you opened the whole link from your message. If it still does not work, contact your clinic.',
    ),
  )

/**
 * Every answer of the page's routes is a page with the page's headers, faults included: a patient never meets a
 * JSON envelope or a stack trace, and the log gets the fault without the token (the path is logged with it replaced).
 */
const pageAnswers =
  (logger: Logger): Middleware =>
  async (ctx, next) => {
    ctx.set(PAGE_HEADERS)
    try {
      await next()
    } catch (error) {
      const unavailable = (error as { status?: unknown } | null)?.status === 503
      logger.error(
        { err: error, requestId: requestIdOf(ctx), method: ctx.method, path: loggedPath(ctx.path) },
        'offer page failed',
      )
      answerPage(
        ctx,
        unavailable ? 503 : 500,
        messagePage(
          'Something went wrong',
          'Please try again in a moment. Opening your link again shows whether an answer was taken.',
        ),
      )
    }
  }

const tokenOf = (ctx: ParameterizedContext): string =>
  (ctx as unknown as { params: Record<string, string | undefined> }).params['token'] ?? ''

/** The offer the path's token names, with the token; undefined (the caller answers 404) for any other token. */
const linkedOffer = async (
  deps: OfferPageDependencies,
  ctx: ParameterizedContext,
): Promise<{ readonly token: string; readonly linked: LinkedOffer } | undefined> => {
  const token = tokenOf(ctx)
  const id = readOfferToken(deps.linkSecret, token)
  if (O.isNone(id)) return undefined
  const found = await deps.findLinkedOffer(id.value)
  return O.isNone(found) ? undefined : { token, linked: found.value }
}

const noticeOf = (sent: unknown): Notice | undefined => (sent === 'pending' || sent === 'closed' ? sent : undefined)

const showOffer =
  (deps: OfferPageDependencies): Middleware =>
  async (ctx) => {
    const found = await linkedOffer(deps, ctx)
    if (found === undefined) return notValid(ctx)
    answerPage(
      ctx,
      200,
      offerPage({ ...found.linked, token: found.token, notice: noticeOf(ctx.query['sent']), now: new Date() }),
    )
  }

/** What the page says after an answer while the offer still reads PENDING; a finished answer shows in its status. */
const noticeAfter = ({ outcome }: OfferAnswerOutcome): Notice | undefined => {
  if (outcome.kind === 'pending') return 'pending'
  return outcome.result.outcome === 'rejected' ? 'closed' : undefined
}

/** Post/redirect/get: a 303 back to the page, so a reload shows the outcome and never sends the answer again. */
const seeOther = (ctx: ParameterizedContext, token: string, notice: Notice | undefined): void => {
  ctx.status = 303
  ctx.set('Location', `${offerPagePath(token)}${notice === undefined ? '' : `?sent=${notice}`}`)
  ctx.body = ''
}

const answerOffer =
  (deps: OfferPageDependencies, answer: 'accept' | 'decline'): Middleware =>
  async (ctx) => {
    // Not ctx.origin: Koa 3 reads that from the request's Origin header, which is what is being judged.
    const own = [`${ctx.protocol}://${ctx.host}`, new URL(deps.publicBaseUrl).origin]
    if (isCrossSitePost({ secFetchSite: ctx.get('Sec-Fetch-Site'), origin: ctx.get('Origin') }, own)) {
      return answerPage(
        ctx,
        403,
        messagePage(
          'Your answer was not sent',
          'Answers are taken only from the offer’s own page. Open the link from your message and tap the button there.',
        ),
      )
    }
    const found = await linkedOffer(deps, ctx)
    if (found === undefined) return notValid(ctx)
    const { offer } = found.linked
    // An offer that has ended shows how; only a PENDING one is worth a job (the worker judges its hold).
    if (offer.status !== 'PENDING') return seeOther(ctx, found.token, undefined)
    const actor = linkActor(offer.patient_id)
    const outcome = await runOfferAnswer(
      ctx,
      deps.jobs,
      answer === 'accept'
        ? { answer, offerId: offer.id, actor }
        : { answer, offerId: offer.id, actor, body: { reason: undefined } },
    )
    seeOther(ctx, found.token, noticeAfter(outcome))
  }

/** `GET /offers/{token}` and its two answers (docs/offer-page.md): no login, the token is the credential. */
export const registerOfferPage = <S>(router: Router<S>, deps: OfferPageDependencies): void => {
  const answers = pageAnswers(deps.logger)
  router.get(OFFER_PAGE_ROUTE, answers, showOffer(deps))
  router.post(`${OFFER_PAGE_ROUTE}/accept`, answers, answerOffer(deps, 'accept'))
  router.post(`${OFFER_PAGE_ROUTE}/decline`, answers, answerOffer(deps, 'decline'))
}
