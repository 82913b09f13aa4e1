import { expect } from 'chai'
import { DateTime } from 'luxon'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { offerLink } from '../../shared/offers/offer-link'
import type { OfferId } from '../../shared/offers/offer-id'
import { startStack, type TestStack } from '../support/stack'
import { launchChromium, PHONE } from '../support/browser'
import { recordOffers } from '../support/offer-recorder'
import {
  ORG,
  fileRequest,
  lockOpeningRow,
  offersOf,
  offersWhen,
  openSlot,
  openingOf,
  seedOfferOrganization,
  zoneAt,
} from '../support/offers'

/**
 * The patient's offer page (docs/offer-page.md) in headless Chromium on a phone-sized screen: the link a clinic
 * sends, opened, tapped and read as a patient would, against the real API, worker, PostgreSQL and Redis.
 */
describe('offer page: a patient opens the link on a phone and answers', function () {
  this.timeout(60_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  const logLines: string[] = []
  const tokens: string[] = []
  let stack: TestStack
  let browser: Browser
  let phone: BrowserContext
  let nextPatient = 1
  let nextDay = 1

  const linkOf = (offerId: string): string => {
    const link = offerLink(stack.baseUrl, stack.config.OFFER_LINK_SECRET, offerId as OfferId)
    tokens.push(link.slice(link.lastIndexOf('/') + 1))
    return link
  }

  /** A slot on a day of its own, offered in one round to `count` patients; the slot and its offers, by rank. */
  const offered = async (count: number) => {
    const slot = DateTime.fromISO(`${DateTime.now().setZone(zone).plus({ days: nextDay++ }).toISODate()}T10:00`, {
      zone,
    })
    for (let i = 0; i < count; i++) await fileRequest(stack, nextPatient++, slot)
    const openingId = await openSlot(stack, slot)
    const offers = await offersWhen(stack, openingId, (rows) => rows.length === count)
    return { slot, openingId, offers }
  }

  const statuses = async (openingId: string) => (await offersOf(stack, openingId)).map((offer) => offer.status)
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent()
  const buttons = (page: Page) => page.getByRole('button').allTextContents()
  const fitsAcross = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')
  const waitForHeading = (page: Page, name: string, timeout = 15_000) =>
    page.getByRole('heading', { level: 1, name }).waitFor({ timeout })

  /** A page in the phone; what its Content-Security-Policy refused (the inline style, say) fails the test after. */
  const refused: string[] = []
  const openPage = async (): Promise<Page> => {
    const page = await phone.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refused.push(message.text())
    })
    return page
  }

  before(async () => {
    stack = await startStack(
      { LOG_LEVEL: 'info' },
      { offers: recorder.ports, logTo: { write: (line: string) => void logLines.push(line) } },
    )
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: zone })
    browser = await launchChromium()
  })
  beforeEach(async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 3 })
    phone = await browser.newContext(PHONE)
  })
  afterEach(async () => {
    await phone?.close()
    expect(refused).to.deep.equal([])
  })
  after(async () => {
    await browser?.close()
    await stack?.stop()
  })

  it('shows the slot and both buttons on a phone; Accept books it; the other offers then say the slot is gone', async () => {
    const { slot, openingId, offers } = await offered(3)
    const [first, second, third] = offers
    const pageA = await openPage()
    const answer = await pageA.goto(linkOf(first!.id))
    expect(answer?.status()).to.equal(200)
    const headers = answer!.headers()
    expect(headers).to.include({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex, nofollow',
      'x-frame-options': 'DENY',
    })
    expect(headers['content-security-policy']).to.match(/^default-src 'none'; style-src 'sha256-[^']+'; /)
    expect(headers['content-security-policy']).to.include("frame-ancestors 'none'")

    expect(await heading(pageA)).to.equal('A slot has opened for you')
    const text = await pageA.locator('main').innerText()
    const start = slot.setLocale('en-US')
    for (const shown of [
      start.toFormat('cccc, LLLL d, yyyy'),
      `${start.toFormat('h:mm a')} – ${start.plus({ hours: 1 }).toFormat('h:mm a')}`,
      '1 hour',
      'O1',
      'Ada Ng, PT',
      'This offer holds until',
    ]) {
      expect(text).to.include(shown)
    }
    expect(await buttons(pageA)).to.deep.equal(['Accept', 'Decline'])
    expect(await pageA.locator('script').count()).to.equal(0)
    // Large tap targets, styled (the CSP let the inline style through), and no sideways scrolling at 390 or 360 px.
    for (const name of ['Accept', 'Decline']) {
      const box = await pageA.getByRole('button', { name }).boundingBox()
      expect(box!.height).to.be.at.least(48)
      expect(box!.width).to.be.at.least(300)
    }
    expect(await fitsAcross(pageA)).to.equal(true)
    await pageA.setViewportSize({ width: 360, height: 640 })
    expect(await fitsAcross(pageA)).to.equal(true)

    // The third patient has the page open too, and taps only after the slot is taken.
    const pageC = await openPage()
    await pageC.goto(linkOf(third!.id))
    expect(await buttons(pageC)).to.deep.equal(['Accept', 'Decline'])

    await pageA.getByRole('button', { name: 'Accept' }).tap()
    await waitForHeading(pageA, "You're booked")
    expect(pageA.url()).to.equal(linkOf(first!.id))
    expect(await pageA.locator('main').innerText()).to.include(start.toFormat('cccc, LLLL d, yyyy'))
    expect(await buttons(pageA)).to.deep.equal([])
    expect(await statuses(openingId)).to.deep.equal(['ACCEPTED', 'WITHDRAWN', 'WITHDRAWN'])
    expect(await openingOf(stack, openingId)).to.include({ status: 'FILLED', booked_offer_id: first!.id })
    expect(await openingOf(stack, openingId)).to.include({ booked_by: 'offer-link' })

    const pageB = await openPage()
    await pageB.goto(linkOf(second!.id))
    expect(await heading(pageB)).to.equal('This slot is no longer available')
    expect(await buttons(pageB)).to.deep.equal([])
    expect(await fitsAcross(pageB)).to.equal(true)

    await pageC.getByRole('button', { name: 'Accept' }).tap()
    await waitForHeading(pageC, 'This slot is no longer available')
    expect(await buttons(pageC)).to.deep.equal([])
    expect(await statuses(openingId)).to.deep.equal(['ACCEPTED', 'WITHDRAWN', 'WITHDRAWN'])

    // Post/redirect/get: reloading the confirmation shows it again and answers nothing twice.
    await pageA.reload()
    expect(await heading(pageA)).to.equal("You're booked")
  })

  it('Decline says so and keeps the slot open to the others, whose pages still offer it', async () => {
    const { openingId, offers } = await offered(2)
    const page = await openPage()
    await page.goto(linkOf(offers[0]!.id))
    await page.getByRole('button', { name: 'Decline' }).tap()
    await waitForHeading(page, 'You declined this slot')
    expect(await page.locator('main').innerText()).to.include('you keep your place on the waitlist')
    expect(await buttons(page)).to.deep.equal([])
    expect(await statuses(openingId)).to.deep.equal(['DECLINED', 'PENDING'])

    const other = await openPage()
    await other.goto(linkOf(offers[1]!.id))
    expect(await buttons(other)).to.deep.equal(['Accept', 'Decline'])
  })

  it('says the answer is being confirmed while its job waits (202), and shows the booking once it is done', async () => {
    const { openingId, offers } = await offered(1)
    const page = await openPage()
    await page.goto(linkOf(offers[0]!.id))
    // The accept job waits for the opening's row beyond the API's wait (JOB_WAIT_TIMEOUT_MS).
    const lock = await lockOpeningRow(stack, openingId)
    try {
      await page.getByRole('button', { name: 'Accept' }).tap()
      await waitForHeading(page, "We're confirming your answer", stack.config.JOB_WAIT_TIMEOUT_MS + 15_000)
      expect(await buttons(page)).to.deep.equal([])
    } finally {
      await lock.release()
    }
    await offersWhen(stack, openingId, (rows) => rows[0]?.status === 'ACCEPTED')
    await page.getByRole('link', { name: 'Refresh' }).tap()
    await waitForHeading(page, "You're booked")
  })

  it('answers a tampered or made-up token with a page saying the link is not valid, and changes nothing', async () => {
    const { openingId, offers } = await offered(1)
    const link = linkOf(offers[0]!.id)
    const at = link.lastIndexOf('/') + 10
    const tampered = `${link.slice(0, at)}${link[at] === 'A' ? 'B' : 'A'}${link.slice(at + 1)}`
    const page = await openPage()
    for (const wrong of [tampered, `${stack.baseUrl}/offers/not-a-token`]) {
      const answer = await page.goto(wrong)
      expect(answer?.status()).to.equal(404)
      expect(answer!.headers()).to.include({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      expect(await heading(page)).to.equal('This link is not valid')
      expect(await buttons(page)).to.deep.equal([])
    }
    const posted = await fetch(`${tampered}/accept`, { method: 'POST', redirect: 'manual' })
    expect(posted.status).to.equal(404)
    expect(await statuses(openingId)).to.deep.equal(['PENDING'])
  })

  it('refuses a post another site makes (Sec-Fetch-Site, Origin); one that says nothing is the token’s to judge', async () => {
    const { openingId, offers } = await offered(1)
    const link = linkOf(offers[0]!.id)
    const post = (headers: Record<string, string>) =>
      fetch(`${link}/decline`, { method: 'POST', redirect: 'manual', headers })
    const crossSite: ReadonlyArray<Record<string, string>> = [
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'https://elsewhere.example' },
    ]
    for (const headers of crossSite) {
      const refused = await post(headers)
      expect(refused.status, JSON.stringify(headers)).to.equal(403)
      expect(await refused.text()).to.include('Your answer was not sent')
    }
    expect(await statuses(openingId)).to.deep.equal(['PENDING'])
    const taken = await post({})
    expect(taken.status).to.equal(303)
    expect(taken.headers.get('location')).to.equal(new URL(link).pathname)
    expect(await statuses(openingId)).to.deep.equal(['DECLINED'])
  })

  it('never writes a link’s token to the log', () => {
    const log = logLines.join('')
    expect(log).to.include('"path":"/offers/:token/accept"')
    for (const token of tokens) expect(log).not.to.include(token)
  })
})
