import { expect } from 'chai'
import jwt from 'jsonwebtoken'
import type { Job } from 'bullmq'
import { startIngress } from '../../ingress/main'
import { createLogger } from '../../scripts/runtime'
import { startStack, type TestStack } from '../support/stack'
import { filed } from '../support/lifecycle'
import { eventually } from '../support/eventually'
import { patientToken, staffToken, tokenFor } from '../support/tokens'
import { adminSession, adminToken, board, postSession, sessionCookie, SESSION_PATH } from '../support/admin'

const NOTE = 'SECRET-DASHBOARD-NOTE-4e21'

/** A queue as the board's API shows it, with the fields read here. */
interface ShownQueue {
  readonly name: string
  readonly readOnlyMode: boolean
  readonly counts: Record<string, number>
  readonly jobs: ReadonlyArray<{
    readonly id: string
    readonly data: Record<string, unknown>
    readonly returnValue: unknown
    readonly failedReason?: string
    readonly stacktrace: string[]
  }>
}
const AUDIENCE = 'waitlist-admin-session'

/**
 * The queue dashboard (docs/permissions.md#the-queue-dashboard): Bull Board behind an admin session that only an
 * ADMIN token starts, every path of it refused without one, showing jobs without their patient data, read-only
 * unless the admin asked for retries, and then retries of failed jobs only.
 */
describe('queue dashboard: ADMIN sessions only, read-only unless retries were asked for', () => {
  let stack: TestStack
  const failed: Job[] = []
  const lines: string[] = []

  /** A job the worker fails at once, without retries: a name it has no processor for. */
  const failedJob = async (): Promise<Job> => {
    const job = await stack.queue.add('no-such-job', { version: 1 })
    failed.push(job)
    await eventually(async () => (await job.getState()) === 'failed')
    return job
  }
  const expectSignInPage = async (answer: Response, what: string) => {
    expect(answer.status, what).to.equal(401)
    expect(answer.headers.get('content-type'), what).to.equal('text/html; charset=utf-8')
    expect(answer.headers.getSetCookie(), what).to.deep.equal([])
    const text = await answer.text()
    expect(text, what).to.include('<form method="post" action="/admin/session">')
    expect(text, what).not.to.match(/__UI_CONFIG__|static\/js|bull/i)
  }

  before(async () => {
    // One proxy in front, as a TLS-terminating deployment has: its X-Forwarded-Proto is what makes a request https.
    stack = await startStack(
      { LOG_LEVEL: 'info', TRUSTED_PROXY_HOPS: 1 },
      { logTo: { write: (line: string) => void lines.push(line) } },
    )
  })
  after(async () => {
    // The suite's other tests share this queue and count its failed jobs: these were this file's own.
    for (const job of failed) await job.remove().catch(() => undefined)
    await stack?.stop()
  })

  it('starts no session for a patient, staff or clinician token, nor for a bad or missing one', async () => {
    const refused = [
      { token: patientToken(), status: 403 },
      { token: staffToken('org-a', 'STAFF'), status: 403 },
      { token: staffToken('org-a', 'CLINICIAN'), status: 403 },
      { token: 'not-a-token', status: 401 },
      { token: tokenFor({ sub: 'admin-1', role: 'ADMIN', org_id: 'org-a' }, { expiresIn: -60 }), status: 401 },
      { token: undefined, status: 401 },
    ]
    for (const { token, status } of refused) {
      for (const answer of [
        await postSession(stack, token === undefined ? {} : { token }),
        await postSession(stack, { form: token === undefined ? {} : { token, mode: 'view' } }),
      ]) {
        expect(answer.status, token).to.equal(status)
        expect(answer.headers.getSetCookie(), token).to.deep.equal([])
        expect(answer.headers.get('content-type')).to.equal('text/html; charset=utf-8')
      }
    }
  })

  it('answers an anonymous visitor and a forged, expired or foreign cookie with the sign-in page only', async () => {
    const cookie = await adminSession(stack)
    const page = await (await board(stack, '/', cookie)).text()
    const asset = /src="(static\/js\/[^"]+)"/.exec(page)?.[1]
    expect(asset, page).to.be.a('string')
    expect((await board(stack, `/${asset}`, cookie)).status).to.equal(200)

    const secret = stack.config.ADMIN_SESSION_SECRET ?? ''
    const now = Math.floor(Date.now() / 1000)
    const session = (claims: Record<string, unknown>, key = secret, options: jwt.SignOptions = {}) =>
      `waitlist_admin_session=${jwt.sign({ sub: 'admin-1', org_id: 'org-a', mode: 'view', ...claims }, key, { audience: AUDIENCE, ...options })}`
    const refusedCookies = {
      none: undefined,
      garbage: 'waitlist_admin_session=garbage',
      'another secret': session({}, 'another-secret-of-at-least-32-characters!', { expiresIn: 600 }),
      expired: session({ iat: now - 700, exp: now - 100 }),
      'longer than sessions live': session({ iat: now, exp: now + 7200 }),
      'no mode': session({ mode: undefined }, secret, { expiresIn: 600 }),
      'an API token of an ADMIN': `waitlist_admin_session=${adminToken()}`,
      'an API token under the session secret': `waitlist_admin_session=${jwt.sign({ sub: 'admin-1', role: 'ADMIN', org_id: 'org-a' }, secret, { expiresIn: 600 })}`,
    }
    for (const [what, refused] of Object.entries(refusedCookies)) {
      for (const path of ['', '/', `/${asset}`, '/api/queues', '/queue/waitlist-requests']) {
        await expectSignInPage(await board(stack, path, refused), `${what} ${path}`)
      }
    }
  })

  it('sets an HttpOnly, SameSite=Strict cookie for /admin only, Secure over https, from the form or a bearer header', async () => {
    const answer = await postSession(stack, { token: adminToken() })
    expect(answer.status).to.equal(303)
    expect(answer.headers.get('location')).to.equal('/admin/queues/')
    const [cookie] = answer.headers.getSetCookie()
    expect(cookie).to.match(/; path=\/admin;/)
    expect(cookie).to.match(/; samesite=strict; httponly$/)
    expect(cookie).not.to.match(/secure/i)
    const expires = Date.parse(/expires=([^;]+)/.exec(cookie ?? '')?.[1] ?? '')
    expect(expires - Date.now()).to.be.within(890_000, 900_000)

    const overHttps = await postSession(stack, { token: adminToken(), headers: { 'X-Forwarded-Proto': 'https' } })
    expect(overHttps.headers.getSetCookie()[0]).to.match(/; secure;/)

    const byForm = await postSession(stack, {
      form: { token: adminToken(), mode: 'view' },
      headers: { 'Sec-Fetch-Site': 'same-origin' },
    })
    expect(byForm.status).to.equal(303)
    expect((await board(stack, '/api/queues', sessionCookie(byForm))).status).to.equal(200)

    const crossSite = await postSession(stack, {
      form: { token: adminToken() },
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    })
    expect(crossSite.status).to.equal(403)
    expect(crossSite.headers.getSetCookie()).to.deep.equal([])
  })

  it('shows every queue with its counts, and jobs without their patient data or failure text', async () => {
    const created = await filed(stack, staffToken('org-a'), { notes: NOTE }, '?patient_id=pat-a1')
    const job = await failedJob()
    const cookie = await adminSession(stack)

    const page = await board(stack, '/', cookie)
    expect(page.status).to.equal(200)
    expect(page.headers.get('content-security-policy')).to.include("default-src 'self'")
    expect(page.headers.get('x-frame-options')).to.equal('DENY')
    const html = await page.text()
    expect(html).to.include('<base href="/admin/queues/"')
    expect(html).not.to.include('googleapis')

    const queues = await board(
      stack,
      '/api/queues?activeQueue=waitlist-requests&status=latest&page=1&jobsPerPage=50',
      cookie,
    )
    const text = await queues.text()
    const listed = JSON.parse(text).queues as ShownQueue[]
    expect(listed.map((queue) => queue.name).sort()).to.deep.equal([
      'waitlist-events',
      'waitlist-imports',
      'waitlist-requests',
    ])
    const requests = listed.find((queue) => queue.name === 'waitlist-requests')!
    expect(requests.readOnlyMode).to.equal(true)
    expect(requests.counts['completed']).to.be.at.least(1)
    expect(requests.counts['failed']).to.be.at.least(1)

    const createJob = requests.jobs.find((shown) => shown.id === `create-${created['id']}`)!
    expect(createJob.data).to.deep.equal({
      version: 1,
      request_id: created['id'],
      actor: { role: 'STAFF', org_id: 'org-a' },
      correlation_id: createJob.data['correlation_id'],
      not_shown: ['patient_id', 'body'],
    })
    expect(createJob.data['correlation_id'], 'the request id of the POST').to.match(/^[0-9a-f-]{36}$/)
    expect(createJob.returnValue).to.deep.equal({ outcome: 'created' })
    const failedShown = requests.jobs.find((shown) => shown.id === job.id)!
    // The worker refuses a job name it has no processor for with UnknownJobName, an UnrecoverableError: no retries.
    expect(failedShown.failedReason).to.match(/^UnknownJobName: its message is not shown here/)
    expect(failedShown.stacktrace).to.deep.equal([])
    expect(text).not.to.include(NOTE)
    expect(text).not.to.include('pat-a1')
    expect(text).not.to.include('no processor for job name')

    const one = await (await board(stack, `/api/queues/waitlist-requests/create-${created['id']}`, cookie)).text()
    expect(one).to.include(created['id']).and.not.to.include(NOTE)
    expect((await board(stack, `/api/queues/waitlist-requests/create-${created['id']}/logs`, cookie)).status).to.equal(
      403,
    )
  })

  it('changes nothing in a read-only session; retries failed jobs, and only those, in a session that asked for them', async () => {
    const job = await failedJob()
    const retryPath = `/api/queues/waitlist-requests/${job.id}/retry`
    const put = (path: string, cookie: string, headers: Record<string, string> = {}) =>
      board(stack, path, cookie, { method: 'PUT', headers: { 'Sec-Fetch-Site': 'same-origin', ...headers } })

    const viewer = await adminSession(stack)
    for (const path of [
      retryPath,
      '/api/queues/waitlist-requests/retry/failed',
      '/api/queues/waitlist-requests/pause',
    ]) {
      expect((await put(path, viewer)).status, path).to.equal(403)
    }
    expect(await job.getState()).to.equal('failed')

    const unconfirmed = await postSession(stack, { token: adminToken(), form: { mode: 'retry' } })
    expect(unconfirmed.status).to.equal(400)
    expect(unconfirmed.headers.getSetCookie()).to.deep.equal([])

    const operator = await adminSession(stack, { mode: 'retry', confirm_retries: 'yes' })
    const queues = JSON.parse(await (await board(stack, '/api/queues', operator)).text()).queues
    expect(queues[0]).to.include({ readOnlyMode: false, allowRetries: true, allowCompletedRetries: false })
    const completed = (await stack.queue.getJobs(['completed'], 0, 0))[0]!
    for (const [path, method] of [
      [`/api/queues/waitlist-requests/${completed.id}/retry`, 'PUT'],
      ['/api/queues/waitlist-requests/retry/completed', 'PUT'],
      ['/api/queues/waitlist-requests/pause', 'PUT'],
      ['/api/queues/waitlist-requests/clean/failed', 'PUT'],
      ['/api/queues/waitlist-requests/add', 'POST'],
      ['/api/queues/waitlist-requests/empty', 'PUT'],
      [`/api/queues/waitlist-requests/${job.id}`, 'DELETE'],
    ] as const) {
      const answer = await board(stack, path, operator, { method, headers: { 'Sec-Fetch-Site': 'same-origin' } })
      expect(answer.status, `${method} ${path}`).to.equal(403)
    }
    expect((await put(retryPath, operator, { 'Sec-Fetch-Site': 'cross-site' })).status).to.equal(403)
    expect(await job.getState()).to.equal('failed')

    const attempts = () => lines.filter((line) => line.includes('"job attempt failed"') && line.includes(`"${job.id}"`))
    expect(attempts()).to.have.length(1)
    expect((await put(retryPath, operator)).status).to.equal(204)
    await eventually(async () => attempts().length === 2)
    expect(lines.some((line) => line.includes('admin retried jobs from the dashboard'))).to.equal(true)
  })

  it('signs out: the cookie is cleared and the board is the sign-in page again', async () => {
    const cookie = await adminSession(stack)
    const out = await fetch(`${stack.baseUrl}/admin/sign-out`, { redirect: 'manual', headers: { Cookie: cookie } })
    expect(out.status).to.equal(303)
    expect(out.headers.get('location')).to.equal(SESSION_PATH)
    expect(out.headers.getSetCookie()[0]).to.match(/^waitlist_admin_session=;.*expires=Thu, 01 Jan 1970/)
  })

  it('has no dashboard where no session secret is set (production without ADMIN_SESSION_SECRET)', async () => {
    const config = { ...stack.config, ADMIN_SESSION_SECRET: undefined, LOG_LEVEL: 'silent' as const }
    const ingress = await startIngress(config, createLogger(config, 'test'))
    try {
      const api = { baseUrl: `http://127.0.0.1:${ingress.port}` }
      expect((await board(api, '/')).status).to.equal(404)
      expect((await postSession(api, { token: adminToken() })).status).to.equal(404)
    } finally {
      await ingress.stop()
    }
  })
})
