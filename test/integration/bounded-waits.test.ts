import { expect } from 'chai'
import { call, createRequest, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken } from '../support/tokens'
import { countRequests, lockRequestsTable } from '../support/table-lock'
import { eventually } from '../support/eventually'

describe('bounded waits: the ingress never waits on a job without a limit', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack({ JOB_WAIT_TIMEOUT_MS: 400 })
  })
  after(async () => {
    await stack?.stop()
  })

  it('answers 202 (code 2020) with the Location once the wait runs out, which answers 202 too until the request is written', async () => {
    const lock = await lockRequestsTable(stack.sequelize)
    let location = ''
    try {
      const started = Date.now()
      const answer = await createRequest(stack, patientToken(), validBody())
      expect(Date.now() - started).to.be.below(2_000)
      expect(answer.status).to.equal(202)
      expect(answer.body.code).to.equal(2020)
      expect(answer.body.data.status).to.equal('PROCESSING')
      location = answer.headers.get('location') ?? ''
      expect(location).to.equal(`/apis/v1/waitlist-requests/${answer.body.data.id}`)
      // Not written yet, but accepted: its Location says so, never 404.
      const notYet = await call(stack, 'GET', location, { token: patientToken() })
      expect(notYet.status).to.equal(202)
      expect(notYet.body).to.deep.equal(answer.body)
    } finally {
      await lock.release()
    }
    const read = await eventually(async () => {
      const answer = await call(stack, 'GET', location, { token: patientToken() })
      return answer.status === 200 ? answer : undefined
    })
    expect(read.body.data.id).to.equal(location.split('/').pop())
  })

  it('holds no waiter and adds no listener after a thousand requests', async function () {
    this.timeout(120_000)
    const before = stack.ingress.jobStats()
    const rowsBefore = await countRequests(stack.sequelize)
    const total = 1_000
    let next = 0
    const statuses: number[] = []
    const lane = async () => {
      while (next < total) {
        next += 1
        statuses.push((await createRequest(stack, patientToken(), validBody({ priority: (next % 5) + 1 }))).status)
      }
    }
    await Promise.all(Array.from({ length: 20 }, lane))
    // A 202 is a wait that ran out on a slow machine: the job still completes, and nothing may linger for it.
    expect(statuses.filter((status) => status !== 201 && status !== 202)).to.deep.equal([])
    expect(stack.ingress.jobStats()).to.deep.equal({ waiting: 0, listeners: before.listeners })
    await eventually(async () => (await countRequests(stack.sequelize)) === rowsBefore + total, 60_000)
  })
})
