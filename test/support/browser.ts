import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium, which scripts/ensure-chromium.sh installs (`npm test` runs it): no browser is downloaded. */
const CHROMIUM = '/usr/bin/chromium'

/** A headless Chromium for the browser tests; fails saying how to get one when the system has none. */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` as root, or apt-get install chromium`,
    )
  }
  // --no-sandbox: the tests run as root (CI does), where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })
}

/** A phone's screen, in CSS pixels, with touch: what a patient opens the link on. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
