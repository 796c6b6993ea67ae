// Times ffjavascript's (snarkjs's engine) G1.multiExpAffine on 2^LOG_SIZE points and scalars.
// Usage: node bench-msm-ffjs.mjs  (env LOG_SIZE=18, RUNS=3, DISTINCT=4096); prints one JSON line.
// Bases: DISTINCT random points (g * random scalar) tiled to 2^LOG_SIZE (making 2^18 distinct points one
// by one in JavaScript takes longer than the benchmark itself); scalars: uniformly random 253-bit values.
import { buildBn128 } from "ffjavascript";
import crypto from "node:crypto";
import os from "node:os";

const logN = Number(process.env.LOG_SIZE || 18);
const runs = Number(process.env.RUNS || 3);
const n = 1 << logN;
const distinct = Math.min(n, Number(process.env.DISTINCT || 4096));

const curve = await buildBn128();
const G1 = curve.G1;
const sG = G1.F.n8 * 2;
const bases = new Uint8Array(n * sG);
for (let i = 0; i < distinct; i++) {
    const s = new Uint8Array(crypto.randomBytes(32));
    s[31] &= 0x1f;
    G1.toRprLEM(bases, i * sG, G1.timesScalar(G1.g, s));
}
for (let i = distinct; i < n; i++) bases.copyWithin(i * sG, (i % distinct) * sG, (i % distinct + 1) * sG);
const scalars = new Uint8Array(crypto.randomBytes(n * 32));
for (let i = 0; i < n; i++) scalars[i * 32 + 31] &= 0x1f;

await G1.multiExpAffine(bases, scalars);           // warm-up
const times = [];
for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    await G1.multiExpAffine(bases, scalars);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const sorted = [...times].sort((a, b) => a - b);
const median = runs % 2 ? sorted[(runs - 1) / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
console.log(JSON.stringify({
    impl: "ffjavascript", log_size: logN, n, runs, median_ms: Number(median.toFixed(1)),
    runs_ms: times.map((x) => Number(x.toFixed(1))), threads: curve.tm.concurrency, cores: os.cpus().length,
}));
await curve.terminate();
