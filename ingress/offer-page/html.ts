import escapeHtml from 'escape-html'

/** Markup already escaped: what `html` produces, and the only thing it interpolates without escaping. */
export class Html {
  constructor(readonly text: string) {}
}

type Interpolated = string | number | Html

const part = (value: Interpolated): string => {
  if (typeof value === 'string') return escapeHtml(value)
  if (typeof value === 'number') return escapeHtml(String(value))
  return value.text
}

/**
 * The offer page's one way to write markup: every interpolated string or number is escaped (text and attribute
 * values alike, quotes included), so nothing a clinic or a patient typed can become markup.
 */
export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<Interpolated>): Html =>
  new Html(strings.reduce((out, literal, index) => out + part(values[index - 1] ?? '') + literal))
