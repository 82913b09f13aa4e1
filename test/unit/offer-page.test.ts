import { createHash } from 'node:crypto'
import { expect } from 'chai'
import type { OfferPayload, OfferSlot } from '../../shared/offers/offer-payload'
import { html, Html } from '../../ingress/offer-page/html'
import { isCrossSitePost } from '../../ingress/offer-page/cross-site'
import { loggedPath } from '../../ingress/offer-page/offer-page-paths'
import { offerPage, type Notice } from '../../ingress/offer-page/offer-page-view'
import { momentWords, slotWords } from '../../ingress/offer-page/slot-words'
import { PAGE_HEADERS } from '../../ingress/offer-page/page-layout'

const HOSTILE = `<script>alert("x")</script> & 'quoted'`

const offer = (overrides: Partial<OfferPayload> = {}): OfferPayload =>
  ({
    id: '0b0c7f3e-1111-4a4a-8888-123456789abc',
    opening_id: '1b0c7f3e-1111-4a4a-8888-123456789abc',
    request_id: '2b0c7f3e-1111-4a4a-8888-123456789abc',
    patient_id: 'pat-1',
    status: 'PENDING',
    round: 1,
    rank: 1,
    reasons: [],
    expires_at: '2026-07-13T16:30:00.000Z',
    created_at: '2026-07-13T14:30:00.000Z',
    responded_at: null,
    decline_reason: null,
    slot: {
      clinic_id: 'clinic-1',
      provider: { id: 'prov-1', first_name: HOSTILE, last_name: 'Lopez', title: 'DPT' },
      start: '2026-07-20T13:30:00.000Z',
      end: '2026-07-20T14:30:00.000Z',
      duration_minutes: 60,
      timezone: 'America/New_York',
    },
    ...overrides,
  }) as OfferPayload

const render = (status: OfferPayload['status'], notice?: Notice, now = '2026-07-13T15:00:00Z'): string =>
  offerPage({ offer: offer({ status }), clinicName: HOSTILE, token: 'TOKEN', notice, now: new Date(now) }).text

const slotWith = (changes: Record<string, unknown>): OfferSlot => ({ ...offer().slot, ...changes })

const heading = (page: string): string | undefined => /<h1>([^<]*)<\/h1>/.exec(page)?.[1]
const buttons = (page: string): number => page.split('<button').length - 1

describe('offer page (docs/offer-page.md)', () => {
  describe('html', () => {
    it('escapes every interpolated string, in text and in attribute values, and passes markup it made', () => {
      const attribute = `" onmouseover="x`
      const made = html`<a title="${attribute}">${HOSTILE}${html`<b>${1}</b>`}</a>`
      expect(made.text).to.equal(
        '<a title="&quot; onmouseover=&quot;x">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;<b>1</b></a>',
      )
      expect(made).to.be.instanceOf(Html)
    })
  })

  describe('what it says, by how the offer stands', () => {
    const cases: ReadonlyArray<[OfferPayload['status'], Notice | undefined, string, number]> = [
      ['PENDING', undefined, 'A slot has opened for you', 2],
      ['PENDING', 'pending', "We're confirming your answer", 0],
      ['PENDING', 'closed', 'This slot is no longer available', 0],
      ['ACCEPTED', undefined, "You're booked", 0],
      ['ACCEPTED', 'pending', "You're booked", 0],
      ['DECLINED', undefined, 'You declined this slot', 0],
      ['EXPIRED', undefined, 'This offer has expired', 0],
      ['WITHDRAWN', undefined, 'This slot is no longer available', 0],
      ['WITHDRAWN', 'pending', 'This slot is no longer available', 0],
    ]
    for (const [status, notice, said, buttonCount] of cases) {
      it(`${status}${notice === undefined ? '' : ` after a ${notice} answer`}: "${said}"`, () => {
        const page = render(status, notice)
        expect(heading(page)).to.equal(said)
        expect(buttons(page)).to.equal(buttonCount)
      })
    }

    it('a PENDING offer past its hold, not yet marked EXPIRED, reads as expired and offers no buttons', () => {
      const page = render('PENDING', undefined, '2026-07-13T16:30:00Z')
      expect(heading(page)).to.equal('This offer has expired')
      expect(buttons(page)).to.equal(0)
    })

    it('posts each answer to the link, and escapes what the clinic and provider are called', () => {
      const page = render('PENDING')
      expect(page).to.include('<form method="post" action="/offers/TOKEN/accept">')
      expect(page).to.include('<form method="post" action="/offers/TOKEN/decline">')
      expect(page).not.to.include('<script')
      expect(page).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;')
    })
  })

  it('lets its one inline style through its Content-Security-Policy, by the hash of exactly what it sends', () => {
    const style = /<style>([\s\S]*)<\/style>/.exec(render('PENDING'))?.[1] ?? ''
    const hash = createHash('sha256').update(style, 'utf8').digest('base64')
    expect(PAGE_HEADERS['Content-Security-Policy']).to.include(`style-src 'sha256-${hash}'`)
  })

  describe('slot words', () => {
    it('reads the slot on the clinic’s wall clock, across a daylight saving change', () => {
      // 01:30 EST to 03:30 EDT: one hour, the night New York's clocks go forward.
      const words = slotWords(slotWith({ start: '2026-03-08T06:30:00.000Z', end: '2026-03-08T07:30:00.000Z' }))
      expect(words).to.deep.include({
        weekday: 'Sunday',
        date: 'March 8, 2026',
        time: '1:30 AM – 3:30 AM',
        zone: 'Eastern Standard Time',
        duration: '1 hour',
      })
      expect(slotWords(slotWith({ duration_minutes: 90 })).duration).to.equal('1 hour 30 minutes')
      expect(slotWords(slotWith({ duration_minutes: 45 })).duration).to.equal('45 minutes')
      expect(momentWords('2026-07-13T16:30:00.000Z', 'Pacific/Auckland')).to.equal(
        'Tuesday, July 14 at 4:30 AM New Zealand Standard Time',
      )
    })
  })

  describe('cross-site posts', () => {
    const own = ['http://127.0.0.1:3000', 'https://waitlist.example.org']
    const cases: ReadonlyArray<[string, string, boolean]> = [
      ['same-origin', '', false],
      ['none', '', false],
      ['same-origin', 'null', false],
      ['cross-site', '', true],
      ['same-site', '', true],
      ['cross-site', 'https://waitlist.example.org', true],
      ['', 'https://waitlist.example.org', false],
      ['', 'http://127.0.0.1:3000', false],
      ['', 'https://elsewhere.example', true],
      ['', 'null', false],
      ['', '', false],
    ]
    for (const [secFetchSite, origin, refused] of cases) {
      it(`Sec-Fetch-Site "${secFetchSite}", Origin "${origin}": ${refused ? 'refused' : 'taken'}`, () => {
        expect(isCrossSitePost({ secFetchSite, origin }, own)).to.equal(refused)
      })
    }
  })

  it('logs a link’s path without its token, however the path is spelt', () => {
    expect(loggedPath('/offers/AbC_-123/accept')).to.equal('/offers/:token/accept')
    expect(loggedPath('/OFFERS/AbC_-123')).to.equal('/offers/:token')
    expect(loggedPath('/apis/v1/offers/0b0c7f3e')).to.equal('/apis/v1/offers/0b0c7f3e')
  })
})
