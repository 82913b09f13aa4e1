/** Messages the API page documents word for word; clients match on them. */
export const DATE_RANGE_REVERSED = 'date_range_end must be on or after date_range_start'
export const WAITLIST_NOT_CONFIGURED = 'waitlist feature not configured for this organization'
