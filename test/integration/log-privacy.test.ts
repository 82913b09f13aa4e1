import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { Queue } from 'bullmq'
import * as E from 'fp-ts/Either'
import { QueryTypes } from 'sequelize'
import { CREATE_JOB_NAME, createJobId } from '../../shared/queue/create-waitlist-request-job'
import { CHANGE_JOB_NAME, changeJobId } from '../../shared/queue/change-waitlist-request-job'
import { IMPORT_QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { IMPORT_JOB_NAME, importJobId, type ImportBatchId } from '../../shared/queue/import-waitlist-requests-job'
import type { RequestId } from '../../shared/codecs/request-id'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { call, CREATE_PATH, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { eventually } from '../support/eventually'
import { booking, cancel, filed, fulfill, patch } from '../support/lifecycle'
import { rawHttp } from '../support/raw-http'
import { patientToken, staffToken } from '../support/tokens'

const PATIENT_ID = 'pat-SECRET-ID-3c9e'
const FIRST_NAME = 'SECRET-FIRST-91c2'
const LAST_NAME = 'SECRET-LAST-4d0e'
const NOTE = 'SECRET-NOTE-7f3a'
const CHANGED_NOTE = 'SECRET-NOTE-CHANGED-2b8d'
const REASON = 'SECRET-REASON-a61f'
const UNKNOWN_PROVIDER = 'prov-SECRET-5e1b'
const IMPORTED_NOTE = 'SECRET-IMPORTED-0c4b'
/** Notes the database is made to refuse, quoting them in its error as PostgreSQL quotes a value it cannot take. */
const POISON = 'SECRET-POISON-e93d'

const staff = staffToken('org-a')
const patient = patientToken(PATIENT_ID, 'user-secret-patient')

const SECRETS = [
  PATIENT_ID,
  FIRST_NAME,
  LAST_NAME,
  NOTE,
  CHANGED_NOTE,
  REASON,
  UNKNOWN_PROVIDER,
  IMPORTED_NOTE,
  POISON,
  staff,
  patient,
]
const SQL = /INSERT INTO|UPDATE "|SELECT |jsonb_to_recordset/

/**
 * The database refuses a request or a history entry that carries the poison,
 * with a message quoting it; SQLSTATE P0001 is no data error, so the job
 * fails as an infrastructure fault would, and its failure is logged.
 */
const POISON_TRIGGERS = `
  CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF to_jsonb(NEW)::text LIKE '%${POISON}%' THEN
      RAISE EXCEPTION 'refusing %', to_jsonb(NEW)::text;
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER refuse_poison BEFORE INSERT ON waitlist_requests FOR EACH ROW EXECUTE FUNCTION refuse_poison();
  CREATE TRIGGER refuse_poison BEFORE INSERT ON waitlist_request_history
    FOR EACH ROW EXECUTE FUNCTION refuse_poison();
`

describe('logs carry no patient data, SQL or token, whatever fails', () => {
  let stack: TestStack
  let imports: Queue
  const lines: string[] = []
  const logged = (msg: string) => lines.map((line) => JSON.parse(line)).filter((line) => line.msg === msg)

  before(async () => {
    stack = await startStack({ LOG_LEVEL: 'debug' }, { logTo: { write: (line: string) => void lines.push(line) } })
    const seeded = await seedReferenceData(stack.db, {
      patients: [{ id: PATIENT_ID, organization_id: 'org-a', first_name: FIRST_NAME, last_name: LAST_NAME }],
    })
    if (E.isLeft(seeded)) throw new Error(JSON.stringify(seeded.left))
    imports = new Queue(IMPORT_QUEUE_NAME, {
      connection: stack.queue.opts.connection,
      prefix: stack.config.QUEUE_PREFIX,
    })
  })
  after(async () => {
    // The suite's other tests share this queue and count its failed jobs: these failures were this test's own.
    for (const { jobId } of logged('job attempt failed')) await (await stack.queue.getJob(jobId))?.remove()
    await imports?.close()
    await stack?.stop()
  })

  it('logs every request, rejection and failure of a working day by ids and codes alone', async () => {
    // Writes that succeed, each carrying the secrets through the worker and the database.
    const byStaff = await filed(stack, staff, { notes: NOTE }, `?patient_id=${PATIENT_ID}`)
    const byPatient = await filed(stack, patient, { notes: NOTE })
    expect((await patch(stack, patient, byPatient['id'], { notes: CHANGED_NOTE, version: 1 })).status).to.equal(200)
    expect((await cancel(stack, patient, byPatient['id'], { reason: REASON })).status).to.equal(200)
    expect((await fulfill(stack, staff, byStaff['id'], booking)).status).to.equal(200)
    const rejected = await call(stack, 'POST', `${CREATE_PATH}?patient_id=${PATIENT_ID}`, {
      token: staff,
      body: validBody({ preferred_providers: [UNKNOWN_PROVIDER], notes: NOTE }),
    })
    expect(rejected.status, rejected.text).to.equal(400)
    expect(rejected.text, 'the client is told which provider').to.include(UNKNOWN_PROVIDER)

    const batch = randomUUID() as ImportBatchId
    const imported = randomUUID()
    await imports.add(
      IMPORT_JOB_NAME,
      {
        version: 1,
        batch_id: batch,
        chunk: 0,
        actor: { sub: 'importer-1', role: 'STAFF', org_id: 'org-a' },
        rows: [{ row: 2, request_id: imported, patient_id: PATIENT_ID, body: validBody({ notes: IMPORTED_NOTE }) }],
      },
      { jobId: importJobId(batch, 0) },
    )

    // A parser refusal with a token in it.
    const refused = await rawHttp(
      stack.baseUrl,
      `GET ${CREATE_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${staff}\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`,
    )
    expect(refused.status).to.equal(431)

    // Jobs the database refuses: a create, and a change whose history entry holds the before and after.
    await stack.sequelize.query(POISON_TRIGGERS)
    const poisonedId = randomUUID() as RequestId
    try {
      await stack.queue.add(
        CREATE_JOB_NAME,
        {
          version: 1,
          request_id: poisonedId,
          actor: { sub: 'user-123', role: 'STAFF', org_id: 'org-a' },
          patient_id: PATIENT_ID,
          body: validBody({ notes: POISON }),
        },
        { jobId: createJobId(poisonedId), attempts: 1 },
      )
      // A change to the imported request, ACTIVE still: its history entry is what the database refuses.
      const poisonedImportChange = randomUUID() as RequestId
      await eventually(async () => (await stack.db.models.WaitlistRequest.findByPk(imported)) !== null)
      await stack.queue.add(
        CHANGE_JOB_NAME,
        {
          version: 1,
          change_id: poisonedImportChange,
          request_id: imported,
          actor: { sub: 'user-123', role: 'STAFF', org_id: 'org-a' },
          body: { notes: POISON },
        },
        { jobId: changeJobId(poisonedImportChange), attempts: 1 },
      )
      await eventually(
        async () =>
          logged('job attempt failed').filter((line) =>
            [createJobId(poisonedId), changeJobId(poisonedImportChange)].includes(line.jobId),
          ).length === 2,
        15_000,
        () => lines.join(''),
      )
    } finally {
      await stack.sequelize.query(
        'DROP TRIGGER refuse_poison ON waitlist_requests; DROP TRIGGER refuse_poison ON waitlist_request_history; DROP FUNCTION refuse_poison()',
      )
    }

    // A fault in the API's own query, whose SQL holds the patient id it filters on.
    await stack.sequelize.query('ALTER TABLE waitlist_requests RENAME COLUMN priority TO priority_away')
    try {
      const failed = await call(stack, 'GET', `${CREATE_PATH}?patient_id=${PATIENT_ID}`, { token: staff })
      expect(failed.status, failed.text).to.equal(500)
    } finally {
      await stack.sequelize.query('ALTER TABLE waitlist_requests RENAME COLUMN priority_away TO priority')
    }

    // What must be there: each failure by its job id and code, each rejection by its fields.
    for (const failure of logged('job attempt failed')) {
      expect(failure.err, JSON.stringify(failure)).to.include({ name: 'SequelizeDatabaseError', code: 'P0001' })
      expect(failure.err.stack)
        .to.be.a('string')
        .that.matches(/^\s+at /)
    }
    const [requestFailed] = logged('request failed')
    expect(requestFailed?.err, JSON.stringify(requestFailed)).to.include({ code: '42703' })
    expect(logged('job rejected').map((line) => line.fields)).to.deep.include(['preferred_providers'])
    await eventually(
      async () =>
        (
          await stack.sequelize.query('SELECT 1 FROM waitlist_requests WHERE id = :id', {
            replacements: { id: imported },
            type: QueryTypes.SELECT,
          })
        ).length === 1,
    )

    // What must not.
    expect(logged('request').length, 'one line per request').to.equal(7)
    for (const line of lines) {
      for (const secret of SECRETS) expect(line, 'a log line carries patient data or a token').not.to.include(secret)
      expect(line, 'a log line carries SQL').not.to.match(SQL)
    }
  })
})
