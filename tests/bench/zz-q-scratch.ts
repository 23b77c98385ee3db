import { employmentByArea, openDatabase, villageEmployment } from "@kitflow/db";
const handle = await openDatabase({ kind: "postgres", url: "postgres://postgres@127.0.0.1:5432/wf_bench_scratch", poolSize: 2 });
for (const [label, f] of [
  ["area q", () => employmentByArea(handle.db, { regionCode: "369902", from: "2026-04-01", to: "2026-06-30" })],
  ["area y", () => employmentByArea(handle.db, { regionCode: "369902", from: "2026-01-01", to: "2026-12-31" })],
  ["village q", () => villageEmployment(handle.db, { regionCode: "369902", from: "2026-04-01", to: "2026-06-30" })],
  ["partial", () => employmentByArea(handle.db, { regionCode: "369902", from: "2026-04-15", to: "2026-07-14" })],
] as const) {
  const t: number[] = [];
  for (let i = 0; i < 30; i++) { const s = performance.now(); await f(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(label, t[15]?.toFixed(1), t[29]?.toFixed(1));
}
await handle.close();
