/**
 * The queries behind the workshop lead's Today page, with their exact inputs. The page reads them and
 * the server embeds their answers in the HTML it sends for /lead (so a first visit on a slow phone
 * needs no further round trip); both must name the same cache entries, hence one home.
 * `pending` also returns dispatches already received, hence the generous limit.
 */
export const LEAD_TODAY = {
  incoming: { pending: true, limit: 100 },
  batches: { limit: 100 },
} as const;
