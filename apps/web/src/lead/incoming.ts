import { LEAD_TODAY } from "@kitflow/domain";

/**
 * The one shipments.list query behind "incoming deliveries": Today, the scan page's number lookup
 * and the confirm page's offline fallback share its cache entry (and the server seeds it into the
 * HTML for /lead), so the input must be identical.
 */
export const INCOMING_QUERY = LEAD_TODAY.incoming;
