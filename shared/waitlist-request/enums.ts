import * as t from 'io-ts'

const keys = <K extends string>(values: ReadonlyArray<K>) =>
  Object.fromEntries(values.map((value) => [value, null])) as { [P in K]: null }

export const TIME_SLOTS = ['MORNING', 'AFTERNOON', 'EVENING', 'ANYTIME'] as const
export const TimeSlot = t.keyof(keys(TIME_SLOTS), 'TimeSlot')
export type TimeSlot = t.TypeOf<typeof TimeSlot>

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const
export const Weekday = t.keyof(keys(WEEKDAYS), 'Weekday')
export type Weekday = t.TypeOf<typeof Weekday>

export const PAYMENT_TYPES = ['SELF_PAY', 'INSURANCE_PAY'] as const
export const PaymentType = t.keyof(keys(PAYMENT_TYPES), 'PaymentType')
export type PaymentType = t.TypeOf<typeof PaymentType>

export const REQUEST_STATUSES = ['ACTIVE', 'FULFILLED', 'CANCELLED', 'EXPIRED'] as const
export const RequestStatus = t.keyof(keys(REQUEST_STATUSES), 'RequestStatus')
export type RequestStatus = t.TypeOf<typeof RequestStatus>
