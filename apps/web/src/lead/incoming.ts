/**
 * The one shipments.list query behind "incoming deliveries": Today, the scan page's number lookup
 * and the confirm page's offline fallback share its cache entry, so the input must be identical.
 * `pending` also returns dispatches already received, hence the generous limit.
 */
export const INCOMING_QUERY = { pending: true, limit: 100 } as const;
