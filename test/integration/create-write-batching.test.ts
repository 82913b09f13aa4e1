import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { QueryTypes } from 'sequelize'
import { decodeCreateJob } from '../../shared/queue/create-waitlist-request-job'
import { resolveCreateRequest } from '../../shared/waitlist-request/resolve-create-request'
import type { WaitlistRequestPayload } from '../../shared/waitlist-request/waitlist-request-payload'
import { createBatcher } from '../../worker/batching/batcher'
import { lookupCreateReferences, referenceQueryOf } from '../../worker/reference-data/reference-data-repository'
import type { NewWaitlistRequest } from '../../worker/waitlist-requests/insert-waitlist-requests'
import { insertReturningPayloads } from '../../worker/waitlist-requests/waitlist-request-repository'
import { createRequest, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken } from '../support/tokens'

describe('creates written together (group commit in the worker)', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  /** What the worker would write for a valid body, judged by its own decoding, lookups and rules. */
  const newRequest = async (priority: number): Promise<NewWaitlistRequest> => {
    const decoded = decodeCreateJob({
      version: 1,
      request_id: randomUUID(),
      actor: { sub: 'staff-1', role: 'STAFF', org_id: 'org-a' },
      patient_id: 'pat-a1',
      body: validBody({ priority }),
    })
    if (E.isLeft(decoded)) throw new Error('the test body does not decode')
    const { request_id, submission } = decoded.right
    const now = new Date()
    const resolved = resolveCreateRequest(
      submission,
      await lookupCreateReferences(stack.db.models, referenceQueryOf(submission)),
      now,
    )
    if (E.isLeft(resolved)) throw new Error('the test body does not resolve')
    return { request: resolved.right, stamp: { id: request_id, at: now, by: submission.actor } }
  }

  const rowsOf = (ids: ReadonlyArray<string>) =>
    stack.sequelize.query<{ id: string; xmin: string; history: string }>(
      `SELECT r.id, r.xmin::text AS xmin, count(h.*)::text AS history
       FROM waitlist_requests r LEFT JOIN waitlist_request_history h ON h.request_id = r.id AND h.event = 'created'
       WHERE r.id IN (:ids) GROUP BY r.id, r.xmin`,
      { replacements: { ids }, type: QueryTypes.SELECT },
    )

  it('answers creates sent at once each with its own row, history entry and payload', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        createRequest(stack, patientToken('pat-a1'), validBody({ priority: (index % 5) + 1, notes: `n${index}` })),
      ),
    )
    expect(answers.map((answer) => answer.status)).to.deep.equal(answers.map(() => 201))
    expect(answers.map((answer) => answer.body.data.notes)).to.deep.equal(answers.map((_, index) => `n${index}`))
    const ids = answers.map((answer) => answer.body.data.id as string)
    expect(new Set(ids).size).to.equal(40)
    const rows = await rowsOf(ids)
    expect(rows).to.have.length(40)
    expect(
      rows.every((row) => row.history === '1'),
      'one created entry each',
    ).to.equal(true)
    // Rows written by one statement share its transaction id: fewer transactions than rows means creates were batched.
    expect(new Set(rows.map((row) => row.xmin)).size, 'transactions for 40 creates').to.be.below(40)
  })

  it('writes a failed batch again row by row: only the row the database refuses fails, the others are written', async () => {
    const batcher = createBatcher({
      runMany: (requests: ReadonlyArray<NewWaitlistRequest>) => insertReturningPayloads(stack.db, requests),
      maxBatchSize: 16,
      maxInFlight: 1,
    })
    const good = await Promise.all([1, 2, 3, 4].map(newRequest))
    const base = await newRequest(5)
    // Judged valid against data deleted since (say, from a stale cache): the foreign key refuses it.
    const refused: NewWaitlistRequest = {
      ...base,
      request: { ...base.request, patient_id: 'pat-deleted' as NewWaitlistRequest['request']['patient_id'] },
    }
    const [first, ...rest] = [...good.slice(0, 1), ...good.slice(1, 3), refused, ...good.slice(3)]
    if (first === undefined) throw new Error('no first request')
    const settled = Promise.allSettled([first, ...rest].map((request) => batcher.run(request)))
    const results = await settled
    expect(results.map((result) => result.status)).to.deep.equal([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ])
    expect(String((results[3] as PromiseRejectedResult).reason)).to.match(/foreign key/)
    const rows = await rowsOf([...good, refused].map((request) => request.stamp.id))
    expect(rows.map((row) => row.id).sort()).to.deep.equal(good.map((request) => request.stamp.id).sort())
  })

  it('answers a rerun in a batch with the row stored before, unchanged', async () => {
    const stored = await newRequest(2)
    const [first] = await insertReturningPayloads(stack.db, [stored])
    const rerun: NewWaitlistRequest = {
      request: { ...stored.request, notes: 'changed on the rerun' },
      stamp: { ...stored.stamp, at: new Date(stored.stamp.at.getTime() + 60_000) },
    }
    const fresh = await newRequest(3)
    const answers = await insertReturningPayloads(stack.db, [fresh, rerun])
    expect(answers[1]).to.deep.equal(first)
    expect((answers[0] as WaitlistRequestPayload).id).to.equal(fresh.stamp.id)
    expect(await rowsOf([stored.stamp.id])).to.have.length(1)
  })
})
