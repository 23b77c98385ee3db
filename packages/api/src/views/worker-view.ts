import type { Worker } from "@kitflow/db";
import { maskIdNumber } from "@kitflow/domain";
import { isoDates } from "./iso";

/** A roster entry as clients see it: the identity digest never leaves the server. */
export function workerView(worker: Worker, villageName: (code: string) => string) {
  const { idNumberDigest: _digest, idNumberLast4, ...rest } = worker;
  return isoDates({
    ...rest,
    villageName: villageName(worker.villageCode),
    idNumberMasked: maskIdNumber(idNumberLast4),
  });
}
export type WorkerView = ReturnType<typeof workerView>;

/** "九堡镇 羊角村民委员会" from the village directory, or the bare code when unknown. */
export function villageNamer(villages: readonly { code: string; name: string; townshipName: string | null }[]) {
  const names = new Map(villages.map((v) => [v.code, v.townshipName ? `${v.townshipName}${v.name}` : v.name]));
  return (code: string) => names.get(code) ?? code;
}
