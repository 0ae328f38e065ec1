import { EnvSchema } from "./config.ts";

/** Renders the environment-variable table of docs/OPERATIONS.md from the config schema. */
export function renderConfigTable(): string {
  const rows = Object.entries(EnvSchema.shape).map(([name, field]) => {
    const description = field.description ?? "";
    return `| \`${name}\` | ${defaultOf(field)} | ${description.replace(/\|/g, "\\|")} |`;
  });
  return ["| variable | default | meaning |", "|---|---|---|", ...rows].join("\n");
}

function defaultOf(field: { safeParse(v: unknown): { success: boolean; data?: unknown } }): string {
  const r = field.safeParse(undefined);
  if (!r.success || r.data === undefined) return "(unset)";
  const v = Array.isArray(r.data) ? r.data.join(",") : String(r.data);
  return v === "" ? "(empty)" : `\`${v}\``;
}
