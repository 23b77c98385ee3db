import { z } from "zod";

/** Roles an admin gives an account with a password; a worker's account comes from its lead's sign-in code. */
export const ACCOUNT_ROLES = ["factory_manager", "workshop_lead", "official", "admin"] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export const ROLES = [...ACCOUNT_ROLES, "worker"] as const;
export type Role = (typeof ROLES)[number];

export const signInInput = z.object({
  username: z.string().trim().min(1, "required").max(64, "at most 64 characters"),
  password: z.string().min(1, "required").max(200, "at most 200 characters"),
});
export type SignInInput = z.infer<typeof signInInput>;
