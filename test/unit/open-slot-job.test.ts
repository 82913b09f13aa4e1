import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import {
  OPEN_SLOT_JOB_NAME,
  OpenSlotJobData,
  OpenSlotJobResult,
  decodeOpenSlotJob,
  openSlotJobId,
} from '../../shared/queue/open-slot-job'
import { validateOpening } from '../../shared/openings/create-opening'
import { newOpening } from '../../shared/openings/opening-payload'
import type { OpeningId } from '../../shared/openings/opening-id'

const OPENING_ID = '0b6f0e2c-8a1d-4e3b-9c47-2f5d6a7b8c9d'
const NOW = new Date('2026-03-01T12:00:00.000Z')
const staff = { sub: 'pms-sync', role: 'STAFF', org_id: 'org-1' }

const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  clinic_id: 'clinic-123',
  provider_id: 'provider-789',
  start: '2026-03-08T10:30:00-04:00',
  duration_minutes: 45,
  external_id: 'pms-appt-991',
  ...overrides,
})

/** The example of docs/matching.md. */
const job = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  version: 1,
  opening_id: OPENING_ID,
  actor: staff,
  body: body(),
  ...overrides,
})

const ACTOR_MESSAGE = 'actor must be staff: {sub, role: CLINICIAN, STAFF or ADMIN, org_id}'

describe('open-slot job contract (docs/matching.md)', () => {
  it('names the job open-slot and ids it open-slot-<opening_id> (no ":")', () => {
    expect(OPEN_SLOT_JOB_NAME).to.equal('open-slot')
    expect(openSlotJobId(OPENING_ID as OpeningId)).to.equal(`open-slot-${OPENING_ID}`)
  })

  it('decodes the example into the opening the HTTP body gives, with its id and actor', () => {
    const http = validateOpening(body(), NOW)
    if (E.isLeft(http)) return expect.fail(JSON.stringify(http.left))
    expect(decodeOpenSlotJob(job(), NOW)).to.deep.equal(
      E.right({ opening_id: OPENING_ID, actor: staff, opening: http.right }),
    )
  })

  it('is the data codec’s shape, so a producer can build it with the codec', () => {
    expect(E.isRight(OpenSlotJobData.decode(job()))).to.equal(true)
  })

  for (const actor of [{ sub: 'user-1', role: 'USER', patient_id: 'patient-012' }, { sub: 'x', role: 'STAFF' }, null]) {
    it(`refuses the actor ${JSON.stringify(actor)}: only staff open slots`, () => {
      expect(decodeOpenSlotJob(job({ actor }), NOW)).to.deep.equal(E.left([{ field: 'actor', message: ACTOR_MESSAGE }]))
    })
  }

  it('reports the envelope’s and the body’s failures together, body fields named as HTTP names them', () => {
    const result = decodeOpenSlotJob(
      job({
        version: 2,
        opening_id: 'not-a-uuid',
        body: body({ duration_minutes: 481, start: '2026-02-01T00:00:00Z' }),
      }),
      NOW,
    )
    expect(E.isLeft(result) && result.left.map((error) => error.field)).to.deep.equal([
      'version',
      'opening_id',
      'start',
      'duration_minutes',
    ])
  })

  it('judges "in the future" against the now it is given, so a retry can pass the time the job was added', () => {
    const later = new Date('2026-03-09T00:00:00.000Z')
    expect(decodeOpenSlotJob(job(), later)).to.deep.equal(
      E.left([{ field: 'start', message: 'start must be in the future' }]),
    )
  })

  it('refuses data that is not an object, naming the body as HTTP does', () => {
    const result = decodeOpenSlotJob('nope', NOW)
    expect(E.isLeft(result) && result.left).to.deep.include({
      field: 'body',
      message: 'request body must be a JSON object',
    })
  })

  it('answers opened with the payload, or rejected with the field errors', () => {
    const opening = validateOpening(body(), NOW)
    if (E.isLeft(opening)) return expect.fail(JSON.stringify(opening.left))
    const payload = newOpening({
      id: OPENING_ID as OpeningId,
      opening: opening.right,
      created_by: 'pms-sync',
      now: NOW,
    })
    const opened = { outcome: 'opened', opening: payload }
    const rejected = {
      outcome: 'rejected',
      errors: [{ field: 'clinic_id', message: 'clinic_id does not name a known clinic' }],
    }
    for (const result of [opened, rejected]) {
      expect(OpenSlotJobResult.decode(JSON.parse(JSON.stringify(result)))).to.deep.equal(E.right(result))
    }
    expect(E.isLeft(OpenSlotJobResult.decode({ outcome: 'rejected', errors: [] }))).to.equal(true)
  })
})
