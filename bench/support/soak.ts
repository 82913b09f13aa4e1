import { Redis } from 'ioredis'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { cpuSeconds, residentKiB } from './bench-processes'
import { driveHttp, type HttpRequestSpec } from './http-load'

const SAMPLE_MS = 5_000

interface SoakSample {
  readonly atSeconds: number
  readonly ingressKiB: number
  readonly workerKiB: number
  /** INFO memory's used_memory: what Redis's allocator holds for its data, before fragmentation. */
  readonly redisUsedBytes: number
  /** Completed jobs the create queue keeps (docs/queue-contract.md#result): what retention bounds. */
  readonly completedJobs: number
}

const infoField = (info: string, field: string): number =>
  Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1])

/** Redis's own CPU (user and system), from INFO: meaningful per create only on a Redis nothing else uses. */
const redisCpuSeconds = async (redis: Redis): Promise<number> => {
  const info = await redis.info('cpu')
  return infoField(info, 'used_cpu_user') + infoField(info, 'used_cpu_sys')
}

/** Growth after warm-up (the first fifth of the run, at most a minute): the first sample after it against the last. */
const growth = (samples: ReadonlyArray<SoakSample>, seconds: number) => {
  const warmUp = Math.min(60, seconds / 5)
  const after = samples.filter((sample) => sample.atSeconds >= warmUp)
  const first = after[0]
  const last = after[after.length - 1]
  if (first === undefined || last === undefined) return undefined
  const percent = (from: number, to: number) => (100 * (to - from)) / from
  return {
    warmUpSeconds: warmUp,
    start: first,
    end: last,
    ingressPercent: percent(first.ingressKiB, last.ingressKiB),
    workerPercent: percent(first.workerKiB, last.workerKiB),
    redisMaxUsedBytes: Math.max(...samples.map((sample) => sample.redisUsedBytes)),
  }
}

/**
 * Creates at concurrency 64 for `seconds`, capped at `rate` a second when given (else as fast as they go), sampling
 * every few seconds the ingress's and worker's resident memory, what Redis holds and the completed jobs it keeps;
 * and the CPU each process spent per create over the whole soak (Redis's from INFO, so its figure is the service's
 * alone only on a Redis of the bench's own).
 */
export const soak = async (options: {
  readonly url: string
  readonly requests: ReadonlyArray<HttpRequestSpec>
  readonly rate: number | undefined
  readonly seconds: number
  readonly pids: { readonly ingress: number; readonly worker: number }
  readonly redisUrl: string
  readonly prefix: string
}) => {
  const { pids } = options
  const redis = new Redis(options.redisUrl)
  const completedKey = `${options.prefix}:${QUEUE_NAME}:completed`
  const cpu = async () => ({
    ingress: await cpuSeconds(pids.ingress),
    worker: await cpuSeconds(pids.worker),
    redis: await redisCpuSeconds(redis),
  })
  const samples: SoakSample[] = []
  const started = Date.now()
  const sample = async () => {
    const [ingressKiB, workerKiB, memory, completedJobs] = await Promise.all([
      residentKiB(pids.ingress),
      residentKiB(pids.worker),
      redis.info('memory'),
      redis.zcard(completedKey),
    ])
    const atSeconds = Math.round((Date.now() - started) / 1000)
    samples.push({ atSeconds, ingressKiB, workerKiB, redisUsedBytes: infoField(memory, 'used_memory'), completedJobs })
  }
  const sampler = setInterval(() => void sample().catch(() => undefined), SAMPLE_MS)
  try {
    const before = await cpu()
    const figures = await driveHttp({
      url: options.url,
      requests: options.requests,
      concurrency: 64,
      seconds: options.seconds,
      expectStatus: 201,
      ...(options.rate === undefined ? {} : { rate: options.rate }),
    })
    const after = await cpu()
    await sample()
    const perCreate = (name: keyof typeof before) => ((after[name] - before[name]) * 1e6) / figures.requests
    return {
      rate: options.rate ?? 'unlimited',
      figures,
      samples,
      growth: growth(samples, options.seconds),
      cpuMicrosecondsPerCreate: {
        ingress: perCreate('ingress'),
        worker: perCreate('worker'),
        redis: perCreate('redis'),
      },
    }
  } finally {
    clearInterval(sampler)
    redis.disconnect()
  }
}
