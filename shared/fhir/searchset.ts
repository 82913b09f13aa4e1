import * as t from 'io-ts'
import { WaitlistAppointment } from './waitlist-appointment'

const Link = t.exact(t.type({ relation: t.keyof({ self: null, next: null }), url: t.string }))

const Entry = t.exact(
  t.type({ fullUrl: t.string, resource: WaitlistAppointment, search: t.exact(t.type({ mode: t.literal('match') })) }),
)

/**
 * A page of waitlist requests as a FHIR R4 searchset Bundle (docs/fhir.md#the-list-as-a-bundle): each an
 * Appointment at its address, `next` the same query with the page's cursor. No `total`: pages are keyset pages,
 * counted by nobody.
 */
export const WaitlistSearchset = t.exact(
  t.intersection([
    t.type({ resourceType: t.literal('Bundle'), type: t.literal('searchset'), link: t.array(Link) }),
    // FHIR has no empty arrays: an empty page has no entry.
    t.partial({ entry: t.array(Entry) }),
  ]),
  'WaitlistSearchset',
)
export type WaitlistSearchset = t.TypeOf<typeof WaitlistSearchset>

export const waitlistSearchset = (
  appointments: ReadonlyArray<WaitlistAppointment>,
  links: { readonly self: string; readonly next: string | null; readonly urlOf: (id: string) => string },
): WaitlistSearchset => ({
  resourceType: 'Bundle',
  type: 'searchset',
  link: [
    { relation: 'self', url: links.self },
    ...(links.next === null ? [] : [{ relation: 'next' as const, url: links.next }]),
  ],
  ...(appointments.length === 0
    ? {}
    : {
        entry: appointments.map((resource) => ({
          fullUrl: links.urlOf(resource.id),
          resource,
          search: { mode: 'match' as const },
        })),
      }),
})
