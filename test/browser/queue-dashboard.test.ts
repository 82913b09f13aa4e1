import { mkdir } from 'node:fs/promises'
import { expect } from 'chai'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { Redis as IORedis } from 'ioredis'
import { Queue } from 'bullmq'
import { DELIVER_EVENT_JOB_NAME } from '../../shared/queue/deliver-event-job'
import { EVENTS_QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { startStack, type TestStack } from '../support/stack'
import { launchChromium } from '../support/browser'
import { adminToken } from '../support/admin'
import { filed } from '../support/lifecycle'
import { eventually } from '../support/eventually'
import { staffToken } from '../support/tokens'

/** Where the test leaves a picture of the board as an admin sees it (git ignores .local/). */
const SCREENSHOT = '.local/screenshots/queue-dashboard.png'
const PREFIX = `{waitlist-test-${process.pid}-board}`

/**
 * The queue dashboard (docs/permissions.md#the-queue-dashboard) in Debian's headless Chromium, against the real API,
 * worker, PostgreSQL and Redis, with every request to another host refused: the sign-in page for a visitor, a
 * refusal for a staff token, the board with each queue's counts for an admin, and retries only in a session that
 * asked for them.
 */
describe('queue dashboard: an admin signs in and reads the queues in a browser', function () {
  this.timeout(60_000)
  const lines: string[] = []
  const offsite: string[] = []
  const refusedByPolicy: string[] = []
  let stack: TestStack
  let events: Queue
  let browser: Browser
  let context: BrowserContext

  const signIn = async (page: Page, token: string, button: string, confirmRetries = false) => {
    await page.goto(`${stack.baseUrl}/admin/session`)
    await page.fill('#token', token)
    if (confirmRetries) await page.check('input[name=confirm_retries]')
    await page.getByRole('button', { name: button }).click()
  }
  const mainText = (page: Page) => page.locator('body').innerText()

  before(async () => {
    // Queues of its own, so the counts on the board are this test's jobs alone, whatever ran before in this process.
    stack = await startStack(
      { LOG_LEVEL: 'info', QUEUE_PREFIX: PREFIX },
      { logTo: { write: (line: string) => void lines.push(line) } },
    )
    events = new Queue(EVENTS_QUEUE_NAME, {
      connection: stack.queue.opts.connection,
      prefix: stack.config.QUEUE_PREFIX,
    })
    browser = await launchChromium()
  })
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    // The machine may have no internet, and an admin's view must not call out: any other host fails the test.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url())
      if (url.hostname === '127.0.0.1') return route.continue()
      offsite.push(url.href)
      return route.abort()
    })
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refusedByPolicy.push(message.text())
    })
  })
  afterEach(async () => {
    await context?.close()
    expect(offsite, 'requests to other hosts').to.deep.equal([])
    expect(refusedByPolicy, 'what the page policy refused').to.deep.equal([])
  })
  after(async () => {
    await events?.close()
    await browser?.close()
    await stack?.stop()
    const redis = new IORedis(stack.config.REDIS_URL)
    const keys = await redis.keys(`${PREFIX}*`)
    if (keys.length > 0) await redis.del(...keys)
    await redis.quit()
  })

  it('shows a visitor the sign-in page, a staff token a refusal, and an admin both queues with their counts', async () => {
    await filed(stack, staffToken('org-a'), {}, '?patient_id=pat-a1')
    const failed = await stack.queue.add('no-such-job', { version: 1 })
    await eventually(async () => (await failed.getState()) === 'failed')
    await events.add(DELIVER_EVENT_JOB_NAME, { version: 1 }, { delay: 3_600_000 })

    const page = await context.newPage()
    const visitor = await page.goto(`${stack.baseUrl}/admin/queues`)
    expect(visitor?.status()).to.equal(401)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Queue dashboard')
    expect(await page.locator('script').count()).to.equal(0)

    await signIn(page, staffToken('org-a'), 'Open the dashboard (read-only)')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Not for this token')
    expect(await context.cookies()).to.deep.equal([])

    await signIn(page, adminToken(), 'Open the dashboard (read-only)')
    await page.waitForURL(`${stack.baseUrl}/admin/queues/`)
    await page.getByText('2 Jobs').waitFor()
    const overview = await mainText(page)
    // Each queue's card: its failures called out, then its total.
    expect(overview).to.include('waitlist-requests\nFAILED\n1\n2 Jobs')
    expect(overview).to.include('waitlist-events\n1 Job')
    expect(overview).to.include('waitlist-imports\n0 Jobs')
    const [cookie] = await context.cookies()
    expect(cookie).to.include({ name: 'waitlist_admin_session', path: '/admin', httpOnly: true, sameSite: 'Strict' })
    await mkdir('.local/screenshots', { recursive: true })
    await page.screenshot({ path: SCREENSHOT })

    await page.getByRole('link', { name: 'waitlist-requests' }).first().click()
    await page.getByText('no-such-job').first().waitFor()
    expect(await mainText(page)).to.match(/COMPLETED\n1\nFAILED\n1\n/)
    await page.getByRole('link', { name: 'waitlist-events' }).first().click()
    await page.getByText(DELIVER_EVENT_JOB_NAME).first().waitFor()
    expect(await mainText(page)).to.match(/DELAYED\n1\n/)
  })

  it('offers no retry in a read-only session; retries a failed job in one opened with retries', async () => {
    const failed = await stack.queue.add('no-such-job', { version: 1 })
    await eventually(async () => (await failed.getState()) === 'failed')
    const attempts = () =>
      lines.filter((line) => line.includes('"job attempt failed"') && line.includes(`"jobId":"${failed.id}"`)).length
    const page = await context.newPage()

    await signIn(page, adminToken(), 'Open the dashboard (read-only)')
    await page.goto(`${stack.baseUrl}/admin/queues/queue/waitlist-requests?status=failed`)
    await page.getByText('no-such-job').first().waitFor()
    expect(await page.getByText('Retry all').count()).to.equal(0)

    await signIn(page, adminToken(), 'Open it with retries', true)
    await page.goto(`${stack.baseUrl}/admin/queues/queue/waitlist-requests?status=failed`)
    await page.getByText('Retry all').click()
    await page.getByText('Are you sure that you want to retry all failed jobs?').waitFor()
    await page.getByRole('button', { name: 'Confirm' }).click()
    await eventually(
      async () => attempts() === 2,
      10_000,
      () => `${attempts()} attempts`,
    )
  })
})
