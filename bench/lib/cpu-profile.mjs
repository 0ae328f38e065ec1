// Preloaded into a bench's server child (NODE_OPTIONS=--import, since Node 20 refuses
// --cpu-prof there): profiles the whole process and writes a .cpuprofile into
// $BENCH_CPU_PROF_DIR when it exits. An in-thread inspector session answers synchronously,
// so the profile can be taken in the `exit` handler.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 200 });
  session.post("Profiler.start");
  process.on("exit", () => {
    session.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
