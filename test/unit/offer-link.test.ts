import { expect } from 'chai'
import * as O from 'fp-ts/Option'
import { randomUUID } from 'node:crypto'
import { OfferId } from '../../shared/offers/offer-id'
import { offerLink, offerToken, readOfferToken } from '../../shared/offers/offer-link'

const SECRET = 'a-secret-of-at-least-thirty-two-characters'
const id = (): OfferId => {
  const value = randomUUID()
  if (!OfferId.is(value)) throw new Error('randomUUID gave no offer id')
  return value
}

describe('offer links (docs/offer-page.md)', () => {
  it('reads back the offer a token was made for', () => {
    for (let i = 0; i < 200; i++) {
      const offer = id()
      const token = offerToken(SECRET, offer)
      expect(token).to.match(/^[A-Za-z0-9_-]{43}$/)
      expect(readOfferToken(SECRET, token)).to.deep.equal(O.some(offer))
    }
  })

  it('refuses a token made with another secret', () => {
    const token = offerToken('another-secret-of-thirty-two-characters!', id())
    expect(readOfferToken(SECRET, token)).to.deep.equal(O.none)
  })

  it('refuses a token with any one character changed, even in the unused bits of the last', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    for (let n = 0; n < 20; n++) {
      const token = offerToken(SECRET, id())
      for (let i = 0; i < token.length; i++)
        for (const other of alphabet) {
          if (other === token[i]) continue
          const changed = token.slice(0, i) + other + token.slice(i + 1)
          expect(readOfferToken(SECRET, changed), `${changed}`).to.deep.equal(O.none)
        }
    }
  })

  it('refuses what has not the shape of a token, without throwing', () => {
    for (const token of ['', 'x', 'a'.repeat(42), 'a'.repeat(44), `${'a'.repeat(42)}=`, '../../etc/passwd', '😀'])
      expect(readOfferToken(SECRET, token)).to.deep.equal(O.none)
  })

  it('puts the token under /offers/ at the public address, whatever its path', () => {
    const offer = id()
    const token = offerToken(SECRET, offer)
    expect(offerLink('https://waitlist.example.org', SECRET, offer)).to.equal(
      `https://waitlist.example.org/offers/${token}`,
    )
    expect(offerLink('http://127.0.0.1:3000/', SECRET, offer)).to.equal(`http://127.0.0.1:3000/offers/${token}`)
  })
})
