// Docker HEALTHCHECK: exits 0 when this process's /readyz answers 200 within 3 s, else 1.
// Plain JavaScript so each probe starts Node alone, without the TypeScript loader.
const port = process.env.PORT ?? "2567";
try {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3_000) });
  process.exit(res.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
