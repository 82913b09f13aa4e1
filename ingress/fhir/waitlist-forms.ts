import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { Context, Middleware } from 'koa'
import { waitlistSearchset } from '../../shared/fhir/searchset'
import { waitlistAppointment } from '../../shared/fhir/waitlist-appointment'
import { ListPage } from '../../shared/waitlist-request/list-query'
import { WaitlistRequestPayload } from '../../shared/waitlist-request/waitlist-request-payload'
import { locationOf } from '../routes/waitlist-request-paths'
import { speaksFhir } from './fhir-answers'
import { asksForFhir } from './fhir-media'

/** The version an answer's ETag (`"3"`) names. */
const versionOf = (ctx: Context): number | undefined => {
  const match = /^"(\d+)"$/.exec(ctx.response.get('ETag'))
  return match === null ? undefined : Number(match[1])
}

/** Either representation is answered, so caches must tell them apart by Accept. */
const varyByAccept: Middleware = async (ctx, next) => {
  ctx.vary('Accept')
  await next()
}

/** `GET /apis/v1/waitlist-requests/{id}` with `Accept: application/fhir+json`: the request as an Appointment. */
export const waitlistRequestInFhir: Middleware[] = [
  varyByAccept,
  speaksFhir(asksForFhir, {
    resourceOf: (data, ctx) =>
      pipe(
        WaitlistRequestPayload.decode(data),
        E.match(
          () => undefined,
          (request) => waitlistAppointment(request, versionOf(ctx)),
        ),
      ),
  }),
]

/**
 * `GET /apis/v1/waitlist-requests` with `Accept: application/fhir+json`: the page as a searchset Bundle whose
 * addresses start with `publicBaseUrl`, `next` being this very query with the page's cursor.
 */
export const waitlistPageInFhir = (publicBaseUrl: string): Middleware[] => [
  varyByAccept,
  speaksFhir(asksForFhir, {
    resourceOf: (data, ctx) => {
      const page = ListPage.decode(data)
      if (E.isLeft(page)) return undefined
      const self = new URL(`${publicBaseUrl}${ctx.originalUrl}`)
      const next = new URL(self)
      if (page.right.next_cursor !== null) next.searchParams.set('cursor', page.right.next_cursor)
      return waitlistSearchset(
        page.right.items.map((item) => waitlistAppointment(item)),
        {
          self: self.href,
          next: page.right.next_cursor === null ? null : next.href,
          urlOf: (id) => `${publicBaseUrl}${locationOf(id)}`,
        },
      )
    },
  }),
]
