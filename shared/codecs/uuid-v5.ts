import { v5 } from 'uuid'

const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * A name-based UUID (RFC 9562 §5.5: SHA-1 of namespace and name): the same
 * name in the same namespace always gives the same id, which is what lets a
 * batch import be run twice without creating anything twice. Namespaces are
 * our own lower-case ids, so an upper-case one is a slip, refused rather than
 * quietly read as the same bytes. The name goes in as its UTF-8 bytes, so
 * any string names something (uuid's own string path throws on a lone
 * surrogate).
 */
export const uuidV5 = (name: string, namespace: string): string => {
  if (!LOWER_CASE_UUID.test(namespace)) throw new Error(`namespace ${namespace} is not a lower-case UUID`)
  return v5(Buffer.from(name, 'utf8'), namespace)
}
