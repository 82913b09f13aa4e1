import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import * as fc from 'fast-check'
import { RequestId } from '../../shared/codecs/request-id'

describe('RequestId (lower-case UUID chosen before enqueueing)', () => {
  it('accepts what crypto.randomUUID() gives', () => {
    for (let i = 0; i < 200; i += 1) expect(RequestId.is(randomUUID())).to.equal(true)
  })

  for (const id of [
    '0190a6b4-7c1e-7d3a-9f2b-1c2d3e4f5a6b',
    '123e4567-e89b-12d3-a456-426614174000',
    'ffffffff-ffff-8fff-bfff-ffffffffffff',
  ]) {
    it(`accepts the UUID ${id}`, () => {
      expect(RequestId.is(id)).to.equal(true)
    })
  }

  const refused: ReadonlyArray<unknown> = [
    '123E4567-E89B-12D3-A456-426614174000',
    '{123e4567-e89b-12d3-a456-426614174000}',
    'urn:uuid:123e4567-e89b-12d3-a456-426614174000',
    '123e4567e89b12d3a456426614174000',
    '123e4567-e89b-12d3-a456-42661417400',
    '123e4567-e89b-12d3-a456-4266141740000',
    ' 123e4567-e89b-12d3-a456-426614174000',
    '00000000-0000-0000-0000-000000000000',
    '123e4567-e89b-02d3-a456-426614174000',
    '123e4567-e89b-92d3-a456-426614174000',
    '123e4567-e89b-12d3-c456-426614174000',
    '123e4567-e89b-12d3-7456-426614174000',
    'g23e4567-e89b-12d3-a456-426614174000',
    'req-123',
    '',
    42,
    null,
  ]
  for (const id of refused) {
    it(`refuses ${JSON.stringify(id)}`, () => {
      expect(RequestId.is(id)).to.equal(false)
    })
  }

  it('accepts fast-check UUIDs of versions 1–8 in lower case (property)', () => {
    fc.assert(fc.property(fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }), (id) => RequestId.is(id.toLowerCase())))
  })
})
