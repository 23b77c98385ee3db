import type { auditLogRows } from "@kitflow/db";
import { shanghaiDateTime } from "@kitflow/domain";
import type { Cell } from "./spreadsheet";

type AuditRow = Awaited<ReturnType<typeof auditLogRows>>[number];

const ROLE_NAMES: Record<string, string> = {
  factory_manager: "工厂管理员",
  workshop_lead: "车间负责人",
  official: "人社 / 乡镇",
  admin: "管理员",
  worker: "工人",
};

export const AUDIT_COLUMNS = ["时间", "账号", "姓名", "角色", "单位", "操作", "对象", "对象编号", "幂等键"] as const;

/**
 * The audit log as the admin downloads it: who (account, name, role, organisation), what (procedure,
 * record), when (Asia/Shanghai) and with which idempotency key. What the mutation was given is left
 * out, so no phone or identity number reaches the file. A worker's name is its account's name.
 */
export function auditSheet(rows: readonly AuditRow[]): Cell[][] {
  return [
    [...AUDIT_COLUMNS],
    ...rows.map((r) => [
      shanghaiDateTime(r.at),
      r.username ?? "",
      r.name ?? "",
      r.role ? (ROLE_NAMES[r.role] ?? r.role) : "",
      r.organisationName ?? "",
      r.action,
      r.entityType,
      r.entityId,
      r.idempotencyKey ?? "",
    ]),
  ];
}
