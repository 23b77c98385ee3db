import type { Executor } from "../client";
import { auditEvents } from "../schema/index";

export interface AuditEntry {
  actorUserId: string;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  idempotencyKey?: string;
  detail?: unknown;
}

export async function recordAudit(tx: Executor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({ ...entry, detail: entry.detail ?? null });
}
