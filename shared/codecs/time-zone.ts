import * as t from 'io-ts'
import { IANAZone } from 'luxon'
import { StoredText } from './stored-text'
import { noted } from '../schema/schema-notes'

interface TimeZoneBrand {
  readonly TimeZone: unique symbol
}

/** Names found valid: asking the runtime builds an Intl formatter each time, and its database does not change while running. */
const validZones = new Set<string>()

const isKnownZone = (name: string): boolean => {
  if (validZones.has(name)) return true
  if (!IANAZone.isValidZone(name)) return false
  validZones.add(name)
  return true
}

/** An IANA time zone name that the runtime's time zone database knows; a clinic stores it, so stored text. */
export const TimeZone = noted(
  t.brand(StoredText, (s): s is t.Branded<StoredText, TimeZoneBrand> => isKnownZone(s), 'TimeZone'),
  { schema: { description: 'An IANA time zone name, like America/New_York.' } },
)
export type TimeZone = t.TypeOf<typeof TimeZone>
