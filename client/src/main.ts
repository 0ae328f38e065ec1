import "./zod-csp.ts";
import "./styles.css";
import { App } from "./app.ts";
import { installTestHook } from "./test-hook.ts";

const app = new App();
installTestHook({ scene: () => app.scene, status: () => app.status });
