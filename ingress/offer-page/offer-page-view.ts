import type { OfferPayload } from '../../shared/offers/offer-payload'
import { html, type Html } from './html'
import { document } from './page-layout'
import { momentWords, slotWords } from './slot-words'
import { offerPagePath } from './offer-page-paths'

/**
 * What the last answer from this page left to say while the offer still reads PENDING: its job is still running
 * (`pending`), or the worker refused it (`closed`: the hold ran out, or the slot moved on, as it judged).
 */
export type Notice = 'pending' | 'closed'

export interface OfferView {
  readonly offer: OfferPayload
  readonly clinicName: string
  /** The token of the link, already verified: the forms post back to it. */
  readonly token: string
  readonly notice: Notice | undefined
  readonly now: Date
}

type PageState = 'open' | 'confirming' | 'booked' | 'declined' | 'expired' | 'unavailable'

/** How the offer stands for its patient: its status, an unmarked end of its hold, and the last answer's notice. */
const pageState = (offer: OfferPayload, notice: Notice | undefined, now: Date): PageState => {
  switch (offer.status) {
    case 'ACCEPTED':
      return 'booked'
    case 'DECLINED':
      return 'declined'
    case 'EXPIRED':
      return 'expired'
    case 'WITHDRAWN':
      return 'unavailable'
    case 'PENDING':
      if (notice === 'pending') return 'confirming'
      if (notice === 'closed') return 'unavailable'
      return Date.parse(offer.expires_at) > now.getTime() ? 'open' : 'expired'
  }
}

const TITLE = 'Your appointment offer'

const details = (view: OfferView): Html => {
  const slot = slotWords(view.offer.slot)
  return html`<div class="card">
    <dl>
      <dt>Day</dt>
      <dd>${slot.weekday}, ${slot.date}</dd>
      <dt>Time</dt>
      <dd>${slot.time} <span class="zone">(${slot.zone})</span></dd>
      <dt>Length</dt>
      <dd>${slot.duration}</dd>
      <dt>Clinic</dt>
      <dd>${view.clinicName}</dd>
      <dt>With</dt>
      <dd>${slot.provider}</dd>
    </dl>
  </div>`
}

const answerForm = (token: string, answer: 'accept' | 'decline', label: string): Html =>
  html`<form method="post" action="${offerPagePath(token, answer)}">
    <button type="submit" class="${answer}">${label}</button>
  </form>`

const open = (view: OfferView): Html =>
  html`<h1>A slot has opened for you</h1>
    <p>Would you like this appointment?</p>
    ${details(view)}
    <p class="hold">
      This offer holds until ${momentWords(view.offer.expires_at, view.offer.slot.timezone)}. The first patient to
      accept gets the slot.
    </p>
    ${answerForm(view.token, 'accept', 'Accept')} ${answerForm(view.token, 'decline', 'Decline')}
    <p class="hold">If you decline, you keep your place on the waitlist.</p>`

const confirming = (view: OfferView): Html =>
  html`<div class="notice">
      <h1>We're confirming your answer</h1>
      <p>This takes a moment. Refresh this page to see the result.</p>
    </div>
    ${details(view)}
    <a class="button" href="${offerPagePath(view.token)}?sent=pending">Refresh</a>`

const booked = (view: OfferView): Html =>
  html`<div class="notice good">
      <h1>You're booked</h1>
      <p>See you then. If you can no longer come, please let the clinic know.</p>
    </div>
    ${details(view)}`

const declined = (view: OfferView): Html =>
  html`<div class="notice">
      <h1>You declined this slot</h1>
      <p>Thank you for letting us know. Nothing was booked, and you keep your place on the waitlist.</p>
    </div>
    ${details(view)}`

const expired = (view: OfferView): Html =>
  html`<div class="notice bad">
      <h1>This offer has expired</h1>
      <p>The time to answer it has passed, so nothing was booked.</p>
    </div>
    ${details(view)}`

const unavailable = (view: OfferView): Html =>
  html`<div class="notice bad">
      <h1>This slot is no longer available</h1>
      <p>Sorry: it can no longer be booked with this link, and nothing was booked for you.</p>
    </div>
    ${details(view)}`

const CONTENT: Readonly<Record<PageState, (view: OfferView) => Html>> = {
  open,
  confirming,
  booked,
  declined,
  expired,
  unavailable,
}

export const offerPage = (view: OfferView): Html =>
  document(TITLE, CONTENT[pageState(view.offer, view.notice, view.now)](view))

/** A page that is not about an offer: a link that is not valid, a refused post, a fault. */
export const messagePage = (heading: string, text: string): Html =>
  document(
    TITLE,
    html`<div class="notice bad">
      <h1>${heading}</h1>
      <p>${text}</p>
    </div>`,
  )
