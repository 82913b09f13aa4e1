import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'chai'
import type { Browser, Page } from 'playwright-core'
import { startStack, type TestStack } from '../support/stack'
import { launchChromium } from '../support/browser'

/** Where the test leaves its picture of the page, for a reviewer to look at (not tracked). */
const SCREENSHOT = resolve(__dirname, '..', '..', '..', '.local', 'screenshots', 'docs-page.png')

/**
 * The docs page (GET /docs) in headless Chromium: Swagger UI renders this service's OpenAPI document from files
 * the service serves itself, under its Content-Security-Policy, with nothing refused and nothing asked of another
 * host (the machines it runs on have no Internet).
 */
describe('docs page: the OpenAPI document rendered in a browser, with no CDN', function () {
  this.timeout(60_000)
  let stack: TestStack
  let browser: Browser
  const refused: string[] = []
  const elsewhere: string[] = []
  const failed: string[] = []

  const openDocs = async (): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
        refused.push(message.text())
      }
    })
    page.on('request', (request) => {
      if (!request.url().startsWith(stack.baseUrl) && !request.url().startsWith('data:')) elsewhere.push(request.url())
    })
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`))
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.url()}: ${response.status()}`)
    })
    await page.goto(`${stack.baseUrl}/docs`)
    return page
  }

  before(async () => {
    stack = await startStack({}, { worker: false })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await stack?.stop()
  })

  it('shows every tag and operation of the document, loads only from the service, and breaks no policy', async () => {
    const page = await openDocs()
    await page.getByRole('heading', { name: /Waitlist service API/ }).waitFor({ timeout: 20_000 })
    for (const tag of ['Waitlist requests', 'Openings', 'Offers', 'Offer page', 'Health', 'Documentation']) {
      await page.locator(`[data-tag="${tag}"]`).first().waitFor({ timeout: 5_000 })
    }
    await page.getByText('/apis/v1/waitlist-requests/{id}/history').first().waitFor({ timeout: 5_000 })
    const operations = await page.locator('.opblock').count()
    expect(operations).to.be.greaterThan(20)

    // An operation opened: its body's schema and the docs' example, as the document gives them.
    await page.locator('#operations-Waitlist_requests-createWaitlistRequest .opblock-summary').click()
    const operation = page.locator('#operations-Waitlist_requests-createWaitlistRequest')
    await operation.getByText('"clinic_id": "clinic-123"', { exact: false }).first().waitFor({ timeout: 5_000 })
    await operation.getByRole('tab', { name: 'Schema' }).first().click()
    await operation.getByText('[1, 64] characters').first().waitFor({ timeout: 5_000 })
    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: false })

    // "Try it out" sends the request to the service itself, which the policy allows.
    const health = page.locator('#operations-Health-liveness')
    await health.locator('.opblock-summary').click()
    await health.getByRole('button', { name: 'Try it out' }).click()
    await health.getByRole('button', { name: 'Execute' }).click()
    await health
      .locator('.live-responses-table .response-col_status')
      .getByText('200')
      .first()
      .waitFor({ timeout: 5_000 })

    expect(refused, refused.join('\n')).to.deep.equal([])
    expect(elsewhere, elsewhere.join('\n')).to.deep.equal([])
    expect(failed, failed.join('\n')).to.deep.equal([])
    await page.close()
  })
})
