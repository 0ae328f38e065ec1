import { z } from "zod";
import { NewPassword } from "../rules/password.ts";
import { NewDisplayName } from "../rules/display-name.ts";
import { ModerationReason } from "../rules/text.ts";
import { NewUsername, Username } from "../rules/username.ts";

/** `bearer: true` returns the session token in the body (bots, tools) instead of setting the cookie. */
const Bearer = z.boolean().optional();

export const Register = z.strictObject({
  username: NewUsername,
  password: NewPassword,
  displayName: NewDisplayName.optional(),
  bearer: Bearer,
});
export type Register = z.infer<typeof Register>;

export const Login = z.strictObject({
  username: Username,
  password: z.string().min(1).max(1024),
  bearer: Bearer,
});
export type Login = z.infer<typeof Login>;

export const ChangePassword = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: NewPassword,
  bearer: Bearer,
});

const Reason = ModerationReason;

export const BanRequest = z.strictObject({
  reason: Reason,
  /** Epoch ms; omitted or null for a permanent ban. */
  until: z.number().int().positive().nullable().optional(),
});

export const ReasonOnly = z.strictObject({ reason: Reason });

export const RevokeSessions = z.strictObject({ reason: Reason, sessionId: z.string().max(64).optional() });

export const SetRole = z.strictObject({ role: z.enum(["user", "moderator", "admin"]), reason: Reason });
