import { setTimeout as delay } from 'node:timers/promises'

/**
 * How every test waits: for a condition, never for a fixed time. Polls `probe`
 * until it gives a value (anything but `undefined` or `false`) and resolves
 * with it; after `timeoutMs` it fails, with what `explain` says about the last
 * state seen. An error thrown by the probe ends the wait at once.
 */
export const eventually = async <A>(
  probe: () => Promise<A | undefined | false>,
  timeoutMs = 10_000,
  explain?: () => string,
): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms${explain === undefined ? '' : `: ${explain()}`}`)
    }
    await delay(50)
  }
}
