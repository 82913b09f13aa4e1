import { AsyncLocalStorage } from 'node:async_hooks'

/** Ids every log line written while a request or a job is handled carries (its request id, its job id). */
type LogContext = Readonly<Record<string, string>>

const storage = new AsyncLocalStorage<LogContext>()

/** Runs `work` so that every log line it writes, however deep, carries `fields` (the logger's mixin adds them). */
export const withLogContext = <R>(fields: LogContext, work: () => R): R => storage.run(fields, work)

/** Runs `work` outside any request or job: for work done on behalf of many at once (a group commit). */
export const outsideLogContext = <R>(work: () => R): R => storage.exit(work)

export const logContext = (): LogContext => storage.getStore() ?? {}
