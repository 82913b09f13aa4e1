/**
 * Whether a form post comes from another site's page. The token in the path is the credential, so a forged post
 * could do no more than its sender could alone; refusing posts a browser marks as cross-site still keeps another
 * page from answering with a link it was handed, without the patient's tap. Browsers send `Sec-Fetch-Site`
 * (judged first) or `Origin`; the page's `no-referrer` policy makes a browser send `Origin: null` on the page's own
 * posts, and a client that sends neither (an old browser, curl) cannot be judged, so both pass.
 */
export const isCrossSitePost = (
  headers: { readonly secFetchSite: string; readonly origin: string },
  ownOrigins: ReadonlyArray<string>,
): boolean => {
  if (headers.secFetchSite !== '') return headers.secFetchSite !== 'same-origin' && headers.secFetchSite !== 'none'
  if (headers.origin === '' || headers.origin === 'null') return false
  return !ownOrigins.includes(headers.origin)
}
