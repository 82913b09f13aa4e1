import { createHash } from 'node:crypto'

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const bytesOf = (uuid: string): Buffer => {
  if (!UUID_PATTERN.test(uuid)) throw new Error(`namespace ${uuid} is not a lower-case UUID`)
  return Buffer.from(uuid.replace(/-/g, ''), 'hex')
}

/**
 * A name-based UUID (RFC 9562 §5.5: SHA-1 of namespace and name): the same
 * name in the same namespace always gives the same id, which is what lets a
 * batch import be run twice without creating anything twice. Hashing is pure
 * computation, so this belongs with the other codecs.
 */
export const uuidV5 = (name: string, namespace: string): string => {
  const hash = createHash('sha1').update(bytesOf(namespace)).update(name, 'utf8').digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
