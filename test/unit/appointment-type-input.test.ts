import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { AppointmentTypeInput, normaliseAppointmentType } from '../../shared/waitlist-request/appointment-type-input'
import { refusals } from '../support/refusals'

describe('appointment_type input (docs/contract.md#body-fields: case-insensitive, spaces, underscores or hyphens between the words)', () => {
  describe('normaliseAppointmentType', () => {
    const initialEvaluation = [
      'Initial Evaluation',
      'initial evaluation',
      'INITIAL EVALUATION',
      'iNiTiAl EvAlUaTiOn',
      'initial-evaluation',
      'Initial-Evaluation',
      'initial_evaluation',
      'INITIAL_EVALUATION',
      '  Initial   Evaluation  ',
      'Initial\tEvaluation',
      'Initial - Evaluation',
      'INITIAL_EVAL',
      'initial_eval',
      'Initial Eval',
      'initial-eval',
      'INITIAL__EVAL',
    ]
    for (const given of initialEvaluation) {
      it(`reads ${JSON.stringify(given)} as INITIAL_EVAL`, () => {
        expect(normaliseAppointmentType(given)).to.equal('INITIAL_EVAL')
      })
    }

    const followUp = [
      'Follow Up',
      'follow up',
      'FOLLOW UP',
      'fOlLoW uP',
      'FOLLOW_UP',
      'follow_up',
      'Follow_Up',
      'FOLLOW-UP',
      'follow-up',
      'Follow-Up',
      '  Follow   Up ',
      'Follow\t\nUp',
      'follow_-_up',
    ]
    for (const given of followUp) {
      it(`reads ${JSON.stringify(given)} as FOLLOW_UP`, () => {
        expect(normaliseAppointmentType(given)).to.equal('FOLLOW_UP')
      })
    }

    const refused = [
      '',
      '   ',
      'Initial',
      'Evaluation',
      'Eval',
      'Follow',
      'Up',
      'followup',
      'FOLLOWUP',
      'FollowUp',
      'InitialEvaluation',
      'INITIALEVAL',
      'Initial Evaluations',
      'Initial Evaluation Visit',
      'Follow Up Visit',
      'Initial.Evaluation',
      'Follow/Up',
      'Follow+Up',
      'Evaluation Initial',
      'Up Follow',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'valueOf',
    ]
    for (const given of refused) {
      it(`refuses ${JSON.stringify(given)}`, () => {
        expect(normaliseAppointmentType(given)).to.equal(undefined)
      })
    }

    it('reads any casing of the words with any run of spaces, underscores or hyphens between them (property)', () => {
      const anyCase = (word: string) =>
        fc
          .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
          .map((upper) => [...word].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''))
      const separator = fc
        .array(fc.constantFrom(' ', '_', '-', '\t'), { minLength: 1, maxLength: 4 })
        .map((chars) => chars.join(''))
      const padding = fc.array(fc.constantFrom(' ', '\t', '\n'), { maxLength: 3 }).map((chars) => chars.join(''))
      const spelling = fc.constantFrom(
        { words: ['initial', 'evaluation'], type: 'INITIAL_EVAL' },
        { words: ['initial', 'eval'], type: 'INITIAL_EVAL' },
        { words: ['follow', 'up'], type: 'FOLLOW_UP' },
      )
      fc.assert(
        fc.property(
          spelling.chain(({ words, type }) =>
            fc
              .tuple(padding, anyCase(words[0] ?? ''), separator, anyCase(words[1] ?? ''), padding)
              .map((parts) => ({ input: parts.join(''), type })),
          ),
          ({ input, type }) => normaliseAppointmentType(input) === type,
        ),
      )
    })

    it('only ever answers INITIAL_EVAL, FOLLOW_UP or undefined (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (input) =>
          [undefined, 'INITIAL_EVAL', 'FOLLOW_UP'].includes(normaliseAppointmentType(input)),
        ),
      )
    })
  })

  describe('AppointmentTypeInput codec', () => {
    it('decodes a spelling to the stored enum', () => {
      expect(AppointmentTypeInput.decode('Follow Up')).to.deep.equal(E.right('FOLLOW_UP'))
      expect(AppointmentTypeInput.decode('initial-evaluation')).to.deep.equal(E.right('INITIAL_EVAL'))
    })

    for (const input of [null, undefined, 1, true, ['FOLLOW_UP'], { type: 'FOLLOW_UP' }, 'Initial']) {
      it(`refuses ${JSON.stringify(input) ?? 'undefined'}`, () => {
        expect(refusals(AppointmentTypeInput.decode(input))).to.deep.equal([{ key: '', codec: 'AppointmentTypeInput' }])
      })
    }

    it('recognises only the stored enum values with is() and encodes them unchanged', () => {
      expect(AppointmentTypeInput.is('INITIAL_EVAL')).to.equal(true)
      expect(AppointmentTypeInput.is('FOLLOW_UP')).to.equal(true)
      expect(AppointmentTypeInput.is('Follow Up')).to.equal(false)
      expect(AppointmentTypeInput.encode('FOLLOW_UP')).to.equal('FOLLOW_UP')
    })
  })
})
