import { useMutation, useQueryClient } from "@tanstack/react-query";
import { isNetworkFailure } from "../lib/errors";
import { useTRPCClient } from "../lib/trpc";
import { useOfflineQueue } from "./OfflineQueueProvider";
import type { OfflinePath } from "./queue";
import { type OfflineInputs, type OfflineOutputs, sendMutation } from "./send";

export type OfflineOutcome<P extends OfflinePath> =
  | { status: "sent"; result: OfflineOutputs[P] }
  | { status: "queued" };

export interface OfflineRequest<P extends OfflinePath> {
  input: OfflineInputs[P];
  /** Shown in the pending list, e.g. { number: "FH-…" }. */
  summary: Record<string, string | number>;
}

/**
 * A mutation that survives a missing network: sent at once when possible, otherwise stored with
 * its idempotency key and sent by the offline queue later. The server's own refusals (bad input,
 * conflict, conservation) are thrown as usual so the page shows them next to their field.
 */
export function useOfflineMutation<P extends OfflinePath>(path: P) {
  const client = useTRPCClient();
  const { queue, userId } = useOfflineQueue();
  const queryClient = useQueryClient();

  return useMutation({
    mutationKey: ["offline", path],
    // React Query would hold the mutation while the browser says it is offline; deciding that is this hook's job.
    networkMode: "always",
    mutationFn: async ({ input, summary }: OfflineRequest<P>): Promise<OfflineOutcome<P>> => {
      const key = input.idempotencyKey;
      const enqueue = async (): Promise<OfflineOutcome<P>> => {
        await queue.enqueue({ key, path, input, userId, summary });
        return { status: "queued" };
      };
      // Already waiting (a second tap, or the page re-submitting the same attempt): never a second copy.
      if (queue.has(key)) return { status: "queued" };
      if (!navigator.onLine) return enqueue();
      // Older queued work goes first, so this one never overtakes a receipt it depends on.
      if (queue.hasPending(userId)) {
        const report = await queue.flush(userId, { force: true });
        if (report.stopped) return enqueue();
      }
      try {
        return { status: "sent", result: await sendMutation(client, path, input) };
      } catch (error) {
        if (isNetworkFailure(error)) return enqueue();
        throw error;
      }
    },
    // A direct send changes the same lists a delivered queued entry does (OfflineQueueProvider's onSent), so
    // refresh them the same way. Inactive ones too, and before the page reports success: Today and the return
    // form read their cache the moment they open, and must not show the delivery or stock as it was before.
    onSuccess: async (outcome) => {
      if (outcome.status !== "sent") return;
      await Promise.race([queryClient.invalidateQueries({ refetchType: "all" }), refreshGiveUp()]);
    },
  });
}

/** A refetch the network lost waits for the connection; the success the server already gave must not wait with it. */
const REFRESH_WAIT_MS = 5_000;
function refreshGiveUp(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, REFRESH_WAIT_MS));
}
