export const WAITLIST_REQUESTS_PATH = '/apis/v1/waitlist-requests'

/** Where a request is read: the Location of its 201 and of every 202 about it. */
export const locationOf = (id: string) => `${WAITLIST_REQUESTS_PATH}/${encodeURIComponent(id)}`
