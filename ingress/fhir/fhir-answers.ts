import type { Context, Middleware } from 'koa'
import type { Logger } from 'pino'
import { isRecord } from '../../shared/codecs/input-guards'
import type { FieldError } from '../../shared/errors/field-error'
import { informationOutcome, refusalOutcome } from '../../shared/fhir/operation-outcome'
import { requestIdOf } from '../middleware/request-log'
import { answerFhir } from './fhir-media'

/**
 * How a route speaks FHIR (docs/fhir.md): its JSON answer is made as always, by the very code and rules of the JSON
 * form, and `fhirAnswers` gives it in FHIR, so the two can never differ in who may see what.
 */
export interface FhirForm {
  /** The resource a success's `data` stands for; undefined when the data is not what the route answers. */
  readonly resourceOf: (data: unknown, ctx: Context) => unknown
  /** Where each field a refusal names sits in the FHIR document sent, as FHIRPath. */
  readonly paths: Readonly<Record<string, string>>
  /** A document read well and refused by the service's rules is R4's 422, where the JSON form says 400. */
  readonly rulesAre422: boolean
}

export const fhirFormOf = (ctx: Context): FhirForm | undefined => (ctx.state as { fhir?: FhirForm }).fhir

export const setFhirForm = (ctx: Context, form: FhirForm): void => {
  ;(ctx.state as { fhir?: FhirForm }).fhir = form
}

/** The first middleware of a route that speaks FHIR: when `wanted` says the request does, its answer will be FHIR. */
export const speaksFhir =
  (wanted: (ctx: Context) => boolean, form: Omit<FhirForm, 'paths' | 'rulesAre422'>): Middleware =>
  async (ctx, next) => {
    if (wanted(ctx)) setFhirForm(ctx, { ...form, paths: {}, rulesAre422: false })
    await next()
  }

interface Envelope {
  readonly message: string
  readonly data: unknown
  readonly errors?: ReadonlyArray<FieldError>
}

const isEnvelope = (body: unknown): body is Envelope =>
  isRecord(body) && typeof body['code'] === 'number' && typeof body['message'] === 'string' && 'data' in body

const fault = (): FieldError[] => [{ field: '', message: 'internal server error' }]

/**
 * At the top of the app, outside the error envelope's middleware, so every answer a FHIR request gets is seen here
 * once it is made, thrown faults and the token's refusals included: a success becomes the route's resource, a 202
 * an informational OperationOutcome, a refusal an OperationOutcome with each field's FHIRPath, all as
 * `application/fhir+json`, status and headers kept.
 */
export const fhirAnswers =
  (logger: Logger): Middleware =>
  async (ctx, next) => {
    await next()
    const form = fhirFormOf(ctx)
    const body: unknown = ctx.body
    if (form === undefined || !isEnvelope(body)) return
    const status = ctx.status
    if (status === 200 || status === 201) {
      const resource = form.resourceOf(body.data, ctx)
      if (resource !== undefined) return answerFhir(ctx, status, resource)
      logger.error(
        { requestId: requestIdOf(ctx), method: ctx.method, status },
        'an answer does not match its FHIR form',
      )
      return answerFhir(ctx, 500, refusalOutcome(500, fault()))
    }
    if (status < 400) return answerFhir(ctx, status, informationOutcome(body.message))
    const refused = status === 400 && form.rulesAre422 ? 422 : status
    const errors = body.errors ?? [{ field: '', message: body.message }]
    answerFhir(
      ctx,
      refused,
      refusalOutcome(refused, errors, (field) => form.paths[field]),
    )
  }
