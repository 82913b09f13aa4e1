import { expect } from 'chai'
import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import { DEFAULT_OFFER_POLICY, OfferPolicy } from '../../shared/reference-data/offer-policy'

const decode = decodeWithFieldErrors(OfferPolicy)

const decoded = (input: unknown) => {
  const result = decode(input)
  if (E.isLeft(result)) return expect.fail(`expected a policy, got ${JSON.stringify(result.left)}`)
  return result.right
}

const messages = (input: unknown) => {
  const result = decode(input)
  if (E.isRight(result)) return expect.fail(`expected a refusal, got ${JSON.stringify(result.right)}`)
  return result.left.map((error) => error.message)
}

describe('OfferPolicy (waitlist.offers, docs/offer-policy.md)', () => {
  it('defaults every field: batches of 3, hold by notice, 120 min notice, no delay, quiet 20:00–08:00, 3 a day', () => {
    const expected = {
      batch_size: 3,
      hold_seconds: undefined,
      min_notice_minutes: 120,
      offer_delay_seconds: 0,
      quiet_hours: { start: '20:00', end: '08:00' },
      max_offers_per_patient_per_day: 3,
    }
    expect(DEFAULT_OFFER_POLICY).to.deep.equal(expected)
    expect(decoded(undefined)).to.deep.equal(expected)
    expect(decoded(null)).to.deep.equal(expected)
    expect(decoded({})).to.deep.equal(expected)
  })

  it('keeps each field given and defaults the rest', () => {
    expect(decoded({ batch_size: 5 })).to.deep.equal({ ...DEFAULT_OFFER_POLICY, batch_size: 5 })
    expect(decoded({ hold_seconds: 900 })).to.deep.equal({ ...DEFAULT_OFFER_POLICY, hold_seconds: 900 })
    expect(decoded({ min_notice_minutes: 0 })).to.deep.equal({ ...DEFAULT_OFFER_POLICY, min_notice_minutes: 0 })
    expect(decoded({ offer_delay_seconds: 300 })).to.deep.equal({ ...DEFAULT_OFFER_POLICY, offer_delay_seconds: 300 })
    expect(decoded({ quiet_hours: { start: '12:00', end: '13:30' } })).to.deep.equal({
      ...DEFAULT_OFFER_POLICY,
      quiet_hours: { start: '12:00', end: '13:30' },
    })
    expect(decoded({ max_offers_per_patient_per_day: 1 })).to.deep.equal({
      ...DEFAULT_OFFER_POLICY,
      max_offers_per_patient_per_day: 1,
    })
  })

  it('reads quiet_hours null as none, unlike absent which is the default', () => {
    expect(decoded({ quiet_hours: null }).quiet_hours).to.equal(null)
    expect(decoded({}).quiet_hours).to.deep.equal({ start: '20:00', end: '08:00' })
  })

  it('reads hold_seconds null as absent: hold by notice', () => {
    expect(decoded({ hold_seconds: null }).hold_seconds).to.equal(undefined)
  })

  it('drops fields it does not know', () => {
    expect(decoded({ batch_size: 2, colour: 'blue' })).to.deep.equal({ ...DEFAULT_OFFER_POLICY, batch_size: 2 })
  })

  const refusals: Array<[string, unknown, string]> = [
    ['batch_size', 0, 'batch_size must be a whole number from 1 to 50'],
    ['batch_size', 2.5, 'batch_size must be a whole number from 1 to 50'],
    ['batch_size', '3', 'batch_size must be a whole number from 1 to 50'],
    [
      'hold_seconds',
      59,
      'hold_seconds must be a whole number of seconds from 60 to 604800 (7 days), or left out to hold by notice',
    ],
    ['min_notice_minutes', -1, 'min_notice_minutes must be a whole number of minutes from 0 to 10080 (7 days)'],
    ['offer_delay_seconds', 86401, 'offer_delay_seconds must be a whole number of seconds from 0 to 86400 (a day)'],
    ['max_offers_per_patient_per_day', 0, 'max_offers_per_patient_per_day must be a whole number from 1 to 100'],
  ]
  for (const [field, value, message] of refusals)
    it(`refuses ${field} ${JSON.stringify(value)}`, () => {
      expect(messages({ [field]: value })).to.deep.equal([message])
    })

  const quietMessage =
    'quiet_hours must be null or {"start": "HH:MM", "end": "HH:MM"}, two different 24-hour times in the clinic\'s zone'
  for (const value of [
    { start: '8:00', end: '20:00' },
    { start: '24:00', end: '08:00' },
    { start: '20:00', end: '20:00' },
    { start: '20:00' },
    '20:00-08:00',
    false,
  ])
    it(`refuses quiet_hours ${JSON.stringify(value)}`, () => {
      expect(messages({ quiet_hours: value })).to.deep.equal([quietMessage])
    })

  it('reports every bad field at once', () => {
    expect(messages({ batch_size: 0, max_offers_per_patient_per_day: 0 })).to.have.length(2)
  })

  it('refuses a policy that is not an object, saying so', () => {
    expect(messages([])).to.deep.equal(['the offer policy must be an object'])
    expect(messages('3')).to.deep.equal(['the offer policy must be an object'])
  })

  it('names the whole path when nested in a reference data file, so a message points at its entry', () => {
    const File = t.type({ organizations: t.array(t.type({ waitlist: t.type({ offers: OfferPolicy }) })) })
    const result = decodeWithFieldErrors(File)({
      organizations: [{ waitlist: { offers: {} } }, { waitlist: { offers: { batch_size: 0 } } }],
    })
    expect(result).to.deep.equal(
      E.left([
        {
          field: 'organizations[1].waitlist.offers.batch_size',
          message: 'organizations[1].waitlist.offers.batch_size must be a whole number from 1 to 50',
        },
      ]),
    )
  })
})
