import { html, type Html } from '../offer-page/html'
import { document } from '../offer-page/page-layout'

const TITLE = 'Queue dashboard'

/**
 * The dashboard's door: a form an admin pastes an ADMIN token into (a browser cannot send a bearer header), with a
 * second, deliberate way in for retries. Shown to anybody without a session, as the whole answer: no board, no
 * board's assets. The token is posted once and kept nowhere; the session is a cookie the browser cannot read.
 */
export const signInPage = (ttlSeconds: number, notice?: string): Html =>
  document(
    TITLE,
    html`<h1>${TITLE}</h1>
      ${notice === undefined ? html`` : html`<p class="notice bad">${notice}</p>`}
      <p>
        The queues of every organization, for ADMIN tokens only. Paste one to open a session of
        ${Math.round(ttlSeconds / 60)} minutes in this browser; the token itself is not kept.
      </p>
      <form method="post" action="/admin/session">
        <p>
          <label for="token">ADMIN token</label><br />
          <input id="token" name="token" type="password" autocomplete="off" required />
        </p>
        <button class="accept" type="submit" name="mode" value="view">Open the dashboard (read-only)</button>
        <p>
          <label>
            <input type="checkbox" name="confirm_retries" value="yes" />
            I mean to retry failed jobs: a retry runs the job again, against the live database.
          </label>
        </p>
        <button class="decline" type="submit" name="mode" value="retry">Open it with retries</button>
      </form>`,
  )

/** A valid token whose role is not ADMIN: refused, with nothing of the board. */
export const notAdminPage = (): Html =>
  document(
    TITLE,
    html`<div class="notice bad">
      <h1>Not for this token</h1>
      <p>Only an ADMIN token opens the queue dashboard.</p>
    </div>`,
  )
