import { z } from "zod";

// zod 4 probes `new Function` to compile fast validators; our CSP forbids eval, and the
// browser reports every probe as a violation. The shared rules run fine interpreted.
z.config({ jitless: true });
