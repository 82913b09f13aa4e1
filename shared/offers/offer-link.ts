import { createHmac, timingSafeEqual } from 'node:crypto'
import * as O from 'fp-ts/Option'
import { OfferId } from './offer-id'

/**
 * The credential in an offer's link (`GET /offers/{token}`, docs/offer-page.md): the offer's id and a MAC of it, so
 * the page needs no login and no token table. 16 bytes of id and 16 of HMAC-SHA256 make 43 base64url characters; a
 * guess succeeds once in 2^128. The token says nothing of its validity in time: the offer's status does (a link
 * works while its offer is PENDING and shows how it ended after).
 */

const ID_BYTES = 16
const MAC_BYTES = 16
// A version in the MAC's input: a future token form never verifies as this one.
const mac = (secret: string, id: string): Buffer =>
  createHmac('sha256', secret).update(`offer-link:v1:${id}`, 'utf8').digest().subarray(0, MAC_BYTES)

const idBytes = (id: OfferId): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex')

const idFromBytes = (bytes: Buffer): string => {
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export const offerToken = (secret: string, id: OfferId): string =>
  Buffer.concat([idBytes(id), mac(secret, id)]).toString('base64url')

/** The offer a token names, when it was made with this secret; none for anything else, whatever its shape. */
export const readOfferToken = (secret: string, token: string): O.Option<OfferId> => {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return O.none
  const bytes = Buffer.from(token, 'base64url')
  // The last character carries two unused bits: only the one spelling the encoder writes is a token.
  if (bytes.length !== ID_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) return O.none
  const id = idFromBytes(bytes.subarray(0, ID_BYTES))
  if (!OfferId.is(id)) return O.none
  return timingSafeEqual(bytes.subarray(ID_BYTES), mac(secret, id)) ? O.some(id) : O.none
}

/** Where the patient opens the offer: the service's public address and the token. */
export const offerLink = (publicBaseUrl: string, secret: string, id: OfferId): string =>
  new URL(`/offers/${offerToken(secret, id)}`, publicBaseUrl).toString()
