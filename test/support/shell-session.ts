import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eventually } from './eventually'

/** A shell example to run: its code, and where it is written (for messages). */
export interface ShellCode {
  readonly file: string
  readonly line: number
  readonly code: string
}

interface ExampleRun {
  /** The statuses its curls were answered with, in order. */
  readonly statuses: readonly number[]
  /** What it printed (stdout and stderr), without the session's own marks. */
  readonly output: string
  /** Why it did not finish: the line and command that failed, or an example before it that did. */
  readonly failure: string | undefined
}

/**
 * Before the examples: the reader's options, and a `curl` that sees each answer's status without changing the
 * request. It runs the real curl with the response headers also dumped to a file, and reports their last status
 * line on stderr, which a `$(…)` capture never takes. The ERR trap names the line a failing command is on.
 */
const PRELUDE = String.raw`set -euo pipefail
exec 2>&1
curl() {
  local headers code=0
  headers=$(mktemp)
  command curl --dump-header "$headers" "$@" || code=$?
  printf '\n@@status %s@@\n' "$(awk 'toupper($1) ~ /^HTTP\// { status = $2 } END { print status }' "$headers")" >&2
  rm -f "$headers"
  return "$code"
}
trap 'printf "\n@@failed %s %s@@\n" "$?" "$LINENO"' ERR`

const done = (index: number) => `@@done ${index}@@`
const MARKS = /\n?@@(?:status [^@]*|failed [^@]*|done \d+)@@\n?/g

/**
 * Runs the examples in order in one bash process, as a reader runs them in one terminal, with
 * `set -euo pipefail`: a command that fails stops the session there. `result(i)` waits for example i.
 */
export const runShellSession = (
  examples: readonly ShellCode[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
) => {
  const lines = PRELUDE.split('\n')
  const starts: number[] = []
  examples.forEach((example, index) => {
    starts.push(lines.length + 1)
    lines.push(...example.code.split('\n'), `printf '\\n${done(index)}\\n'`)
  })
  const dir = mkdtempSync(join(tmpdir(), 'shell-session-'))
  const script = join(dir, 'session.sh')
  writeFileSync(script, `${lines.join('\n')}\n`)
  const child = spawn('bash', [script], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let exit: number | null | undefined
  const collect = (chunk: Buffer) => (output += chunk.toString('utf8'))
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  child.once('close', (code) => {
    exit = code
    rmSync(dir, { recursive: true, force: true })
  })

  /** Where a line of the script was written, and what it says. */
  const source = (scriptLine: number): string => {
    const index = starts.filter((start) => start <= scriptLine).length - 1
    const example = examples[index]
    return example === undefined
      ? `line ${scriptLine} of the session`
      : `${example.file}:${example.line + scriptLine - starts[index]!} (${lines[scriptLine - 1]!.trim()})`
  }

  const result = async (index: number, timeoutMs: number): Promise<ExampleRun> => {
    await eventually(
      async () => output.includes(done(index)) || exit !== undefined,
      timeoutMs,
      () => `example ${index} still running; so far:\n${output}`,
    )
    const from = index === 0 ? 0 : output.indexOf(done(index - 1))
    if (from === -1) return { statuses: [], output: '', failure: 'not run: an example before it failed' }
    const to = output.indexOf(done(index))
    const segment = output.slice(from, to === -1 ? undefined : to)
    const statuses = [...segment.matchAll(/@@status (\d{3})@@/g)].map(([, status]) => Number(status))
    const failed = /@@failed (\d+) (\d+)@@/.exec(segment)
    const failure =
      to !== -1
        ? undefined
        : failed === null
          ? `bash ended with ${exit} before the example's end`
          : `exit ${failed[1]} at ${source(Number(failed[2]))}`
    return { statuses, output: segment.replace(MARKS, '\n'), failure }
  }

  return {
    result,
    stop: () => {
      if (exit === undefined) child.kill()
    },
  }
}
