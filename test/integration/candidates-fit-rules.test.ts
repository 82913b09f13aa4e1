import { expect } from 'chai'
import { DateTime } from 'luxon'
import { dayAhead, dayRequest, failedRules, fitOf, localAt, opened } from '../support/openings'
import { startStack, type TestStack } from '../support/stack'
import { staffToken } from '../support/tokens'

const NEW_YORK = 'America/New_York'

/** The next days on which New York's clocks change (spring forward, fall back), as YYYY-MM-DD. */
const nextClockChanges = (count: number): string[] => {
  const changes: string[] = []
  let day = DateTime.now().setZone(NEW_YORK).startOf('day').plus({ days: 1 })
  while (changes.length < count) {
    if (day.offset !== day.endOf('day').offset) changes.push(day.toISODate() ?? '')
    day = day.plus({ days: 1 })
  }
  return changes
}

describe('who fits an opening: every rule on both sides of its boundary, through HTTP', () => {
  let stack: TestStack
  const staff = staffToken('org-a')
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  /** A request at clinic-a1 taking anything on `day` alone, unless told otherwise. */
  const request = (day: string, overrides: Record<string, unknown> = {}, patient = 'pat-a1') =>
    dayRequest(stack, staff, day, patient, overrides)
  const slotAt = async (day: string, time: string, overrides: Record<string, unknown> = {}) =>
    (await opened(stack, staff, { start: localAt('clinic-a1', day, time), ...overrides }))['id'] as string

  it('places the parts of the day at 05:00, 12:00, 17:00 and 22:00 on the clinic’s clock', async () => {
    const day = dayAhead('clinic-a1', 5)
    const morning = await request(day, { preferred_time_slots: ['MORNING'] })
    const afternoon = await request(day, { preferred_time_slots: ['AFTERNOON'] })
    const evening = await request(day, { preferred_time_slots: ['EVENING'] })
    const anytime = await request(day, { preferred_time_slots: ['ANYTIME'] })
    const any = await request(day)
    const expected: Record<string, string[]> = {
      '04:59': [anytime, any],
      '05:00': [morning, anytime, any],
      '11:59': [morning, anytime, any],
      '12:00': [afternoon, anytime, any],
      '16:59': [afternoon, anytime, any],
      '17:00': [evening, anytime, any],
      '21:59': [evening, anytime, any],
      '22:00': [anytime, any],
    }
    for (const [time, fitting] of Object.entries(expected)) {
      const slot = await slotAt(day, time)
      for (const candidate of [morning, afternoon, evening, anytime, any]) {
        const failed = await failedRules(stack, staff, slot, candidate)
        expect(failed, `${time}: ${candidate}`).to.deep.equal(fitting.includes(candidate) ? [] : ['PART_OF_DAY'])
      }
    }
    const early = await fitOf(stack, staff, await slotAt(day, '04:59'), morning)
    expect(early.reasons).to.deep.equal([
      { code: 'PART_OF_DAY', message: `prefers MORNING; the slot starts 04:59 in ${NEW_YORK}` },
    ])
  })

  it('takes the first and the last day of the range, by the local date, and neither day outside it', async () => {
    const [before, first, last, after] = [9, 10, 12, 13].map((days) => dayAhead('clinic-a1', days)) as [
      string,
      string,
      string,
      string,
    ]
    const ranged = await request(first, { date_range_end: last })
    const cases: Array<[string, string, string[]]> = [
      [before, '21:59', ['DATE']],
      [first, '00:00', []],
      [first, '10:00', []],
      // 23:30 in New York is already the next day in UTC: the local date is what counts.
      [last, '23:30', []],
      [after, '00:00', ['DATE']],
    ]
    for (const [day, time, failed] of cases) {
      expect(await failedRules(stack, staff, await slotAt(day, time), ranged), `${day} ${time}`).to.deep.equal(failed)
    }
  })

  it('judges weekday, provider, category and the patient who released the slot', async () => {
    const day = dayAhead('clinic-a1', 15)
    const next = dayAhead('clinic-a1', 16)
    const weekday = DateTime.fromISO(day).toFormat('cccc').toUpperCase()
    const onThatDay = await request(day, { date_range_end: next, preferred_days: [weekday] })
    expect(await failedRules(stack, staff, await slotAt(day, '10:00'), onThatDay)).to.deep.equal([])
    expect(await failedRules(stack, staff, await slotAt(next, '10:00'), onThatDay)).to.deep.equal(['WEEKDAY'])

    const withSam = await request(day, { preferred_providers: ['prov-a2'] })
    expect(
      await failedRules(stack, staff, await slotAt(day, '10:00', { provider_id: 'prov-a2' }), withSam),
    ).to.deep.equal([])
    expect(await failedRules(stack, staff, await slotAt(day, '10:00'), withSam)).to.deep.equal(['PROVIDER'])

    // cat-follow lasts 30 minutes.
    const followUp = await request(day, { appointment_category_id: 'cat-follow' })
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ appointment_category_ids: ['cat-follow'], duration_minutes: 5 }, []],
      [{ appointment_category_ids: ['cat-eval'] }, ['CATEGORY']],
      [{ duration_minutes: 30 }, []],
      [{ duration_minutes: 29 }, ['CATEGORY']],
    ]
    for (const [slot, failed] of cases) {
      expect(
        await failedRules(stack, staff, await slotAt(day, '10:00', slot), followUp),
        JSON.stringify(slot),
      ).to.deep.equal(failed)
    }
    const short = await fitOf(stack, staff, await slotAt(day, '10:00', { duration_minutes: 29 }), followUp)
    expect(short.reasons).to.deep.equal([{ code: 'CATEGORY', message: 'needs 30 minutes; the slot is 29 minutes' }])

    const released = await slotAt(day, '10:00', { released_by_patient_id: 'pat-a1' })
    expect(await failedRules(stack, staff, released, await request(day))).to.deep.equal(['RELEASED_BY_PATIENT'])
    expect(await failedRules(stack, staff, released, await request(day, {}, 'pat-a2'))).to.deep.equal([])
  })

  it('refuses a request that is no longer ACTIVE, or at another clinic, and lists every failed rule at once', async () => {
    const day = dayAhead('clinic-a1', 20)
    const slot = await slotAt(day, '14:30')
    const cancelled = await request(day)
    await stack.sequelize.query("UPDATE waitlist_requests SET status = 'CANCELLED' WHERE id = :id", {
      replacements: { id: cancelled },
    })
    expect(await failedRules(stack, staff, slot, cancelled)).to.deep.equal(['STATUS'])
    const elsewhere = await request(day, { clinic_id: 'clinic-a2', appointment_category_id: 'cat-eval' })
    expect(await failedRules(stack, staff, slot, elsewhere)).to.deep.equal(['CLINIC'])

    const picky = await request(dayAhead('clinic-a1', 21), {
      preferred_providers: ['prov-a2'],
      preferred_time_slots: ['MORNING', 'EVENING'],
    })
    const answer = await fitOf(stack, staff, slot, picky)
    expect(answer).to.deep.include({ fits: false, rank: null })
    expect(answer.reasons).to.deep.equal([
      { code: 'PROVIDER', message: 'prefers prov-a2; the slot is with prov-a1' },
      {
        code: 'DATE',
        message: `wants ${dayAhead('clinic-a1', 21)} to ${dayAhead('clinic-a1', 21)}; the slot is on ${day} in ${NEW_YORK}`,
      },
      { code: 'PART_OF_DAY', message: `prefers MORNING or EVENING; the slot starts 14:30 in ${NEW_YORK}` },
    ])
  })

  for (const [index, which] of [
    [0, 'first'],
    [1, 'second'],
  ] as const) {
    it(`judges the ${which} coming clock change in New York by the local clock`, async () => {
      const day = nextClockChanges(2)[index] ?? ''
      const weekday = DateTime.fromISO(day).toFormat('cccc').toUpperCase()
      const morning = await request(day, { preferred_time_slots: ['MORNING'], preferred_days: [weekday] })
      const evening = await request(day, { preferred_time_slots: ['EVENING'], preferred_days: [weekday] })
      expect(await failedRules(stack, staff, await slotAt(day, '04:59'), morning)).to.deep.equal(['PART_OF_DAY'])
      expect(await failedRules(stack, staff, await slotAt(day, '05:00'), morning)).to.deep.equal([])
      expect(await failedRules(stack, staff, await slotAt(day, '21:59'), evening)).to.deep.equal([])
      expect(await failedRules(stack, staff, await slotAt(day, '22:00'), evening)).to.deep.equal(['PART_OF_DAY'])
      const fits = await fitOf(stack, staff, await slotAt(day, '05:00'), morning)
      expect(fits.reasons.find((reason) => reason.code === 'DATE')?.message).to.equal(
        `wants ${day} to ${day}; the slot is on ${day} in ${NEW_YORK}`,
      )
    })
  }
})
