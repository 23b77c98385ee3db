import type { RouterInputs, RouterOutputs } from "@kitflow/api";
import type { TrpcClient } from "../lib/trpc";
import type { OfflinePath } from "./queue";

/** What each queueable mutation takes and returns, from the router's type. */
export interface OfflineInputs {
  "shipments.confirmReceipt": RouterInputs["shipments"]["confirmReceipt"];
  "shipments.createReturn": RouterInputs["shipments"]["createReturn"];
  "shipments.receiveRework": RouterInputs["shipments"]["receiveRework"];
  "shipments.requestReplacement": RouterInputs["shipments"]["requestReplacement"];
  "workforce.enterPiecework": RouterInputs["workforce"]["enterPiecework"];
}
export interface OfflineOutputs {
  "shipments.confirmReceipt": RouterOutputs["shipments"]["confirmReceipt"];
  "shipments.createReturn": RouterOutputs["shipments"]["createReturn"];
  "shipments.receiveRework": RouterOutputs["shipments"]["receiveRework"];
  "shipments.requestReplacement": RouterOutputs["shipments"]["requestReplacement"];
  "workforce.enterPiecework": RouterOutputs["workforce"]["enterPiecework"];
}

const SENDERS: { [P in OfflinePath]: (client: TrpcClient, input: OfflineInputs[P]) => Promise<OfflineOutputs[P]> } = {
  "shipments.confirmReceipt": (client, input) => client.shipments.confirmReceipt.mutate(input),
  "shipments.createReturn": (client, input) => client.shipments.createReturn.mutate(input),
  "shipments.receiveRework": (client, input) => client.shipments.receiveRework.mutate(input),
  "shipments.requestReplacement": (client, input) => client.shipments.requestReplacement.mutate(input),
  "workforce.enterPiecework": (client, input) => client.workforce.enterPiecework.mutate(input),
};

/** Sends one mutation by its procedure path, exactly as the page would have. */
export function sendMutation<P extends OfflinePath>(
  client: TrpcClient,
  path: P,
  input: OfflineInputs[P],
): Promise<OfflineOutputs[P]> {
  // Entries come back from storage, so the path is checked at run time as well.
  const send: ((client: TrpcClient, input: OfflineInputs[P]) => Promise<OfflineOutputs[P]>) | undefined = SENDERS[path];
  if (!send) return Promise.reject(new Error(`not a queueable mutation: ${String(path)}`));
  return send(client, input);
}
