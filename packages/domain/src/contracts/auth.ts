import { z } from "zod";
import { text } from "./text";

/** Roles an admin gives an account with a password; a worker's account comes from its lead's sign-in code. */
export const ACCOUNT_ROLES = ["factory_manager", "workshop_lead", "official", "admin"] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export const ROLES = [...ACCOUNT_ROLES, "worker"] as const;
export type Role = (typeof ROLES)[number];

export const signInInput = z.object({
  username: text({ min: 1, max: 64 }),
  password: text({ min: 1, max: 200, trim: false }),
});
export type SignInInput = z.infer<typeof signInInput>;
