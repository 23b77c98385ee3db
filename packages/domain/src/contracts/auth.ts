import { z } from "zod";
import { text } from "./text";

export const ROLES = ["factory_manager", "workshop_lead", "official", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const signInInput = z.object({
  username: text({ min: 1, max: 64 }),
  password: text({ min: 1, max: 200, trim: false }),
});
export type SignInInput = z.infer<typeof signInInput>;
