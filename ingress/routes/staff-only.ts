import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import type { Middleware } from 'koa'
import type { StaffActor } from '../../shared/auth/actor'
import { guardStaff } from '../../shared/openings/opening-access'
import type { AuthenticatedState } from '../middleware/authenticate'
import { answerRefusal } from '../http/answers'

/** The state of a route only staff may use: the actor, known to be staff. */
export interface StaffState extends AuthenticatedState {
  staff: t.TypeOf<typeof StaffActor>
}

/** A patient is refused for the role (403) before any body is read or anything looked up. */
export const staffOnly: Middleware<StaffState> = async (ctx, next) => {
  const staff = guardStaff(ctx.state.actor)
  if (E.isLeft(staff)) return answerRefusal(ctx, staff.left)
  ctx.state.staff = staff.right
  await next()
}
