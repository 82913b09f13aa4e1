import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { Middleware } from 'koa'
import { openingFromSlot } from '../../shared/fhir/opening-from-slot'
import { refusalOutcome } from '../../shared/fhir/operation-outcome'
import { slotOf } from '../../shared/fhir/slot'
import { OpeningPayload } from '../../shared/openings/opening-payload'
import { requestBody } from '../routes/update-answer'
import { fhirFormOf, setFhirForm, speaksFhir } from './fhir-answers'
import { answerFhir, sendsFhir } from './fhir-media'

/** `POST /apis/v1/openings` with a FHIR Slot: answered as a Slot, or an OperationOutcome. */
export const openingInFhir: Middleware = speaksFhir(sendsFhir, {
  resourceOf: (data) =>
    pipe(
      OpeningPayload.decode(data),
      E.match(() => undefined, slotOf),
    ),
})

/**
 * After the body is read: a FHIR Slot becomes the JSON body of an opening, and the route goes on exactly as for
 * JSON (its rules, its job, its answers); refusals name the Slot's elements. A Slot that cannot be an opening is
 * answered here, every fault at once.
 */
export const slotAsOpening: Middleware = async (ctx, next) => {
  const form = fhirFormOf(ctx)
  if (form === undefined) {
    await next()
    return
  }
  const read = openingFromSlot(requestBody(ctx), new Date())
  if (E.isLeft(read)) {
    const { status, errors, paths } = read.left
    return answerFhir(
      ctx,
      status,
      refusalOutcome(status, errors, (field) => paths[field]),
    )
  }
  ;(ctx.request as { body?: unknown }).body = read.right.body
  setFhirForm(ctx, { ...form, paths: read.right.paths, rulesAre422: true })
  await next()
}
