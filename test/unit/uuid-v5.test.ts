import { expect } from 'chai'
import * as fc from 'fast-check'
import { uuidV5 } from '../../shared/codecs/uuid-v5'
import { RequestId } from '../../shared/codecs/request-id'

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8'

describe('uuidV5', () => {
  it('matches the published vector for www.example.com in the DNS namespace', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).to.equal('2ed6657d-e927-568b-95e1-2665a8aea6a2')
  })

  it('is a lower-case version-5 UUID that RequestId accepts, the same for the same name (property)', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const id = uuidV5(name, DNS_NAMESPACE)
        return id === uuidV5(name, DNS_NAMESPACE) && RequestId.is(id) && id[14] === '5' && '89ab'.includes(id[19] ?? '')
      }),
    )
  })

  it('gives different ids for different names and for different namespaces', () => {
    const other = uuidV5('namespace', DNS_NAMESPACE)
    expect(uuidV5('row 1', DNS_NAMESPACE)).not.to.equal(uuidV5('row 2', DNS_NAMESPACE))
    expect(uuidV5('row 1', DNS_NAMESPACE)).not.to.equal(uuidV5('row 1', other))
  })

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).to.throw(/not a lower-case UUID/)
  })
})
