import { createHash } from 'node:crypto'
import { Html, html } from './html'

/**
 * The page's whole style, inline (no CDN, no second request), written for a phone first: one column that never
 * needs sideways scrolling, text that wraps anywhere, buttons a thumb hits (56 px high, full width).
 */
const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:18px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;color:#1a1a1a;background:#f4f5f7;overflow-wrap:anywhere}
main{max-width:32rem;margin:0 auto;padding:1.25rem 1rem 2rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}
p{margin:0 0 1rem}
.card{background:#fff;border-radius:12px;padding:1rem 1.25rem;margin:0 0 1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
dl{margin:0}
dt{font-size:.875rem;color:#555;margin-top:.75rem}
dt:first-child{margin-top:0}
dd{margin:0;font-weight:600}
.hold{font-size:1rem;color:#333}
.zone{font-weight:400;color:#444}
.notice{border-left:6px solid #0b6bcb;padding-left:1rem}
.notice.good{border-color:#1b7f3b}
.notice.bad{border-color:#b42318}
form{margin:0 0 .75rem}
button,.button{display:block;width:100%;min-height:56px;padding:.75rem 1rem;border-radius:10px;font:inherit;font-weight:700;text-align:center;text-decoration:none;cursor:pointer}
.accept{border:0;background:#1b7f3b;color:#fff}
.decline{border:2px solid #5a5a5a;background:#fff;color:#1a1a1a}
.button{border:2px solid #0b6bcb;color:#0b6bcb;background:#fff}
button:focus-visible,.button:focus-visible{outline:3px solid #0b6bcb;outline-offset:3px}
`
/**
 * A constant of this file, so trusted as markup (escaping would turn its quotes into entities a <style> never
 * reads), and one piece with its tags: the policy's hash is of exactly this content, whatever a formatter does to
 * the markup around it.
 */
const STYLE_ELEMENT = new Html(`<style>${STYLE}</style>`)

/**
 * A strict policy: nothing may load or run (no script at all), the one inline style is allowed by its hash, forms
 * post only here, and no other site may frame the page.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src '${`sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}`}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Headers of every answer under /offers/: the token is in the URL, so no cache, referrer, index or frame keeps it. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Content-Type-Options': 'nosniff',
}

export const document = (title: string, content: Html): Html =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <main>${content}</main>
      </body>
    </html> `
