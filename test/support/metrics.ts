/** One sample of a Prometheus text exposition: its metric name, labels and value. */
export interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g

/** Every sample in `text` (Prometheus's text format), comment lines skipped. */
export const samplesOf = (text: string): Sample[] =>
  text.split('\n').flatMap((line) => {
    const match = SAMPLE.exec(line)
    if (match === null) return []
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, name, value]) => [name, value]))
    return [{ name: match[1] ?? '', labels, value: Number(match[3]) }]
  })

/** The value of the one sample named `name` whose labels include `labels`, or undefined when there is none. */
export const sampleValue = (
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined =>
  samplesOf(text).find(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  )?.value

/** GET /metrics (of the API, or of a worker's own port), with the bearer token when given. */
export const scrape = async (baseUrl: string, token?: string): Promise<{ status: number; text: string }> => {
  const response = await fetch(`${baseUrl}/metrics`, {
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  })
  return { status: response.status, text: await response.text() }
}
