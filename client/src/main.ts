import "./zod-csp.ts";
import "./styles.css";
import { App } from "./app.ts";
import { installTestHook } from "./test-hook.ts";

const app = new App();
// Only the e2e build (`vite build --mode e2e`) has the hook; Vite turns the condition into a
// constant, so every other build drops the call and the whole test-hook module.
if (import.meta.env.MODE === "e2e") installTestHook({ scene: () => app.scene, status: () => app.status });
