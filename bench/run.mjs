#!/usr/bin/env node
// npm run bench: gradscope (WASM under Node, and native) against TensorFlow.js 4.22 (WASM
// backend with SIMD, CPU backend) and ConvNetJS 0.3, in ONE run, single thread, medians of
// repeated timings (bench/peers/run-peers.mjs: timeRunner). One step = forward + backward +
// SGD update on one mini-batch with the per-layer gradient norms computed every step.
// First checks that every library reports the same step-0 loss and gradient norms.
//
//   node bench/run.mjs [--workloads W1,W2,W3] [--seconds S] [--reps N] [--peers ...]
//
// Last lines, one per workload:
//   W1 gradscope-wasm/tfjs-wasm = 47.3x (gradscope-wasm 2650 steps/s, tfjs-wasm 56.0 steps/s)
//   W1 gradscope-wasm/c-ref-wasm = 1.08x (...)       the plain C step (bench/c-ref), same flags
//   W1 gradscope-native/c-ref-native = 1.02x (...)
//   W1 gradscope-native/gradscope-wasm = 2.10x (...)
//   W1 readback keeps 0.93 (statsColumns() after every step vs no read)
// gradscope's rates in these lines read every statistic after every step (statsColumns()
// in WASM; the native trainer fills the same buffer every step). These ratios are on CPU
// time (a loaded machine moves wall-time rates too much): WASM ones and native/WASM from
// alternating rounds (short native runs between WASM rounds in this process), native/C
// from each program's own CPU time.
// Then one line per target of issue 15: "target met" / "target MISSED".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadGradscope } from '../web/engine/gradscope.js';
import { makeWorkloadData, networkDocument, WORKLOADS, LEARNING_RATE } from './workloads.mjs';
import * as reference from './peers/reference.mjs';
import * as cref from './c-ref/runner.mjs';
import { PEERS, DEFAULT_PEERS, timeRunner, compareStep0 } from './peers/run-peers.mjs';

const root = new URL('..', import.meta.url);
const wasmPath = new URL('web/generated/gradscope.wasm', root);
const cli = new URL('build/gradscope', root).pathname;
const nativeBench = new URL('build/gradscope_bench', root).pathname;
const crefNative = new URL('build/c_ref_bench', root).pathname;

/**
 * Two ways of stepping timed against each other in alternating rounds, on this process's
 * CPU time (other jobs on a shared machine disturb it less than wall time, and drift in the
 * load hits both sides of a round alike). Returns both rates (medians, steps per CPU
 * second) and the median of the per-round ratios b/a.
 */
async function interleaved(a, b, seconds, rounds = 7) {
  const seg = (run) => {
    const c0 = process.cpuUsage();
    let n = 0, cpu = 0;
    do {
      for (let i = 0; i < 4; i++) run();
      n += 4;
      const c = process.cpuUsage(c0);
      cpu = (c.user + c.system) / 1e6;
    } while (cpu < seconds / rounds / 2);
    return n / cpu;
  };
  for (let i = 0; i < 20; i++) { a(); b(); }
  const ra = [], rb = [], ratio = [];
  for (let k = 0; k < rounds; k++) {
    const x = seg(a), y = seg(b);
    ra.push(x); rb.push(y); ratio.push(y / x);
  }
  const med = (v) => [...v].sort((p, q) => p - q)[v.length >> 1];
  return { a: med(ra), b: med(rb), ratio: med(ratio) };
}

/**
 * gradscope-native against gradscope-wasm in alternating rounds: a short gradscope_bench run
 * (its steps per CPU second of its own timed steps), then as much CPU time of WASM steps in
 * this process, `rounds` times; both sides of a round see the same load on a shared
 * machine (measured apart, minutes apart, the load moved the native/WASM ratio by 30%).
 * Returns the median rates (a: native, b: WASM) and the median of the per-round ratios a/b.
 */
function nativeRounds(wasmStep, nativeArgs, seconds, rounds = 5) {
  const wasmRate = (cpuSeconds) => {
    const c0 = process.cpuUsage();
    let n = 0, cpu = 0;
    do {
      for (let i = 0; i < 4; i++) wasmStep();
      n += 4;
      const c = process.cpuUsage(c0);
      cpu = (c.user + c.system) / 1e6;
    } while (cpu < cpuSeconds);
    return n / cpu;
  };
  const ra = [], rb = [], ratio = [];
  for (let k = 0; k < rounds; k++) {
    const nat = JSON.parse(execFileSync(nativeBench, [...nativeArgs, '--seconds', String(seconds / rounds), '--reps', '1']).toString());
    const x = nat.cpu_steps_per_s, y = wasmRate(seconds / rounds / 2);
    ra.push(x); rb.push(y); ratio.push(x / y);
  }
  const med = (v) => [...v].sort((p, q) => p - q)[v.length >> 1];
  return { a: med(ra), b: med(rb), ratio: med(ratio) };
}

/** The workload for c_ref_bench (format in bench/c-ref/ref_main.c). */
function crefWorkloadFile(data) {
  const w = data.workload, { act, loss } = cref.refCodes(w);
  const L = data.sizes.length - 1;
  const parts = [Int32Array.of(L, act, loss, w.batch, data.batches.length), Float32Array.of(data.lr), Int32Array.from(data.sizes)];
  for (const { W, b } of data.layers) parts.push(W, b);
  for (const { x, y } of data.batches) parts.push(x, Float32Array.from(y));
  return Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

function parseArgs(argv) {
  const o = { workloads: Object.keys(WORKLOADS), seconds: 3, reps: 5, peers: DEFAULT_PEERS };
  for (let i = 0; i < argv.length; i++) {
    const [k, v0] = argv[i].split('=');
    const v = v0 ?? argv[++i];
    if (k === '--workloads') o.workloads = v.split(',').map((s) => s.trim().toUpperCase());
    else if (k === '--seconds') o.seconds = Number(v);
    else if (k === '--reps') o.reps = Number(v);
    else if (k === '--peers') o.peers = v.split(',').filter(Boolean);
    else throw new Error(`unknown argument ${k}; usage: node bench/run.mjs [--workloads W1,W2,W3] [--seconds S] [--reps N] [--peers a,b]`);
  }
  return o;
}

/** The workload's mini-batches as a CSV dataset (features, then the label). */
function workloadCsv(data) {
  const nin = data.workload.inputs;
  const lines = [];
  for (const { x, y } of data.batches)
    for (let r = 0; r < y.length; r++) lines.push([...x.subarray(r * nin, (r + 1) * nin), y[r]].join(','));
  return lines.join('\n') + '\n';
}

/** The first batch as a `gradscope grad` document. */
function batchDoc(data) {
  const { x, y } = data.batches[0];
  const nin = data.workload.inputs;
  const rows = [];
  for (let r = 0; r < y.length; r++) rows.push(Array.from(x.subarray(r * nin, (r + 1) * nin)));
  const ys = data.workload.loss === 'softmax_ce' ? Array.from(y) : Array.from(y, (v) => [v]);
  return { x: rows, y: ys };
}

function sessionConfig(data, csv) {
  return {
    data: { csv, csv_name: `${data.workload.name ?? 'workload'}.csv`, test_fraction: 0 },
    batch: data.workload.batch, seed: 1, precision: 'float32', stats: true, probe_every: 0,
    optimizer: { name: 'sgd', lr: LEARNING_RATE },
  };
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const wasmBytes = readFileSync(wasmPath);
  const g = await loadGradscope({ wasmBinary: wasmBytes });
  const startupMs = performance.now() - t0;
  const mjsBytes = statSync(new URL('web/generated/gradscope.mjs', root)).size;
  console.log(`gradscope module: ${wasmBytes.length} bytes wasm (${gzipSync(wasmBytes).length} gzip), ` +
    `${mjsBytes} bytes glue (${gzipSync(readFileSync(new URL('web/generated/gradscope.mjs', root))).length} gzip); ` +
    `start-up (compile + instantiate) ${startupMs.toFixed(1)} ms`);
  const tmp = mkdtempSync(join(tmpdir(), 'gradscope-bench-'));
  const summary = [];
  /** @type {Record<string, number>} statsColumns() after every step / no read */
  const readback = {};
  for (const wname of opt.workloads) {
    const data = makeWorkloadData(wname);
    const w = data.workload;
    const doc = networkDocument(wname, { data });
    const csv = workloadCsv(data);
    const netPath = join(tmp, `${wname}.json`), csvPath = join(tmp, `${wname}.csv`), batchPath = join(tmp, `${wname}-batch.json`);
    writeFileSync(netPath, JSON.stringify(doc));
    writeFileSync(csvPath, csv);
    writeFileSync(batchPath, JSON.stringify(batchDoc(data)));
    console.log(`\n== ${wname}: ${w.inputs} -> ${w.hidden} x ${w.units} ${w.activation} -> ${w.outputs} (${w.loss}), batch ${w.batch}`);

    // step 0 agreement
    const ref = (await reference.createRunner(data)).step0();
    const checks = [];
    const report = (name, s0) => {
      const c = compareStep0(ref, s0, { outputNormScale: name === 'convnetjs' && w.loss === 'bce_logits' ? Math.SQRT2 : 1 });
      console.log(`${wname} step0 ${name.padEnd(16)} loss ${s0.loss.toPrecision(7)}  max rel diff vs float64 reference: loss ${c.lossRel.toExponential(1)}, grad norms ${c.gradRel.toExponential(1)}`);
      if ((name.startsWith('gradscope') || name.startsWith('c-ref')) && c.maxRel > 1e-4) throw new Error(`${name} disagrees with the reference on ${wname} step 0`);
      if (name.startsWith('tfjs') && c.maxRel > 1e-3) throw new Error(`${name} disagrees with the reference on ${wname} step 0`);
    };
    const session = new g.Session(doc, sessionConfig(data, csv));
    const gw = session.gradients(batchDoc(data));
    checks.push(['gradscope-wasm', { loss: gw.loss, gradNorms: gw.layers.map((l) => l.dW_norm) }]);
    const gn = JSON.parse(execFileSync(cli, ['grad', netPath, batchPath], { maxBuffer: 1 << 28 }).toString());
    checks.push(['gradscope-native', { loss: gn.loss, gradNorms: gn.layers.map((l) => l.dW_norm) }]);
    for (const [name, s0] of checks) report(name, s0);

    // the plain C reference step, WASM and native: same step 0 as everyone
    const crefWasm = await cref.createRunner(data);
    report('c-ref-wasm', crefWasm.step0());
    const crefPath = join(tmp, `${wname}.bin`);
    writeFileSync(crefPath, crefWorkloadFile(data));
    const crefNat = JSON.parse(execFileSync(crefNative, [crefPath, '--seconds', String(opt.seconds), '--reps', String(opt.reps)]).toString());
    report('c-ref-native', { loss: crefNat.step0.loss, gradNorms: crefNat.step0.norms });

    // timings, all in this run
    const rates = {}, cpuRatios = {};
    let sink = 0;
    const noRead = () => session.step(1);
    const readAll = () => { session.step(1); sink += session.statsColumns().columns.dW_norm[0]; };
    // headline rate (wall time, like the peers): every statistic read after every step
    const twRead = await timeRunner({ step: readAll }, opt.seconds, opt.reps);
    rates['gradscope-wasm'] = twRead.stepsPerSec;
    // ratios from alternating rounds on CPU time (robust on a loaded machine)
    const rb = await interleaved(noRead, readAll, opt.seconds);
    readback[wname] = rb.ratio;
    const vsC = await interleaved(() => crefWasm.step(), readAll, opt.seconds);
    cpuRatios['gradscope-wasm/c-ref-wasm'] = vsC.ratio;
    const jsonEvery = await interleaved(noRead, () => { session.step(1); sink += session.stats().layers.length; }, opt.seconds / 2, 3);
    const vsNative = nativeRounds(readAll, [netPath, csvPath, '--batch', String(w.batch), '--lr', String(LEARNING_RATE)], opt.seconds);
    session.setStats(false);
    const twOff = await timeRunner({ step: noRead }, opt.seconds, opt.reps);
    session.dispose();
    if (!Number.isFinite(sink)) console.log(`${wname} (the read-back norms were not finite)`);
    console.log(`${wname} gradscope-wasm ${twRead.stepsPerSec.toFixed(1)} steps/s reading every statistic after every step (statsColumns(); median of ${opt.reps}), ` +
      `${twOff.stepsPerSec.toFixed(1)} with statistics off; per CPU second: ${rb.a.toFixed(0)} computing every statistic without reading, ` +
      `${rb.b.toFixed(0)} reading them with statsColumns(), ${jsonEvery.b.toFixed(0)} reading them as JSON with stats() (${jsonEvery.ratio.toFixed(2)} of no read)`);
    const tc = await timeRunner(crefWasm, opt.seconds, opt.reps);
    rates['c-ref-wasm'] = tc.stepsPerSec;
    console.log(`${wname} c-ref-wasm ${tc.stepsPerSec.toFixed(1)} steps/s (median of ${opt.reps}); per CPU second in alternating rounds with gradscope-wasm: ${vsC.a.toFixed(0)} vs ${vsC.b.toFixed(0)}`);
    const nat = JSON.parse(execFileSync(nativeBench, [netPath, csvPath, '--batch', String(w.batch), '--seconds', String(opt.seconds),
      '--reps', String(opt.reps), '--lr', String(LEARNING_RATE)]).toString());
    rates['gradscope-native'] = nat.steps_per_s;
    console.log(`${wname} gradscope-native ${nat.steps_per_s.toFixed(1)} steps/s (median of ${opt.reps})`);
    rates['c-ref-native'] = crefNat.steps_per_s;
    cpuRatios['gradscope-native/c-ref-native'] = nat.cpu_steps_per_s / crefNat.cpu_steps_per_s;
    cpuRatios['gradscope-native/gradscope-wasm'] = vsNative.ratio;
    console.log(`${wname} c-ref-native ${crefNat.steps_per_s.toFixed(1)} steps/s (median of ${opt.reps}); per CPU second: gradscope-native ${nat.cpu_steps_per_s.toFixed(0)}, c-ref-native ${crefNat.cpu_steps_per_s.toFixed(0)}`);
    console.log(`${wname} gradscope-native vs gradscope-wasm per CPU second in alternating rounds: ${vsNative.a.toFixed(0)} vs ${vsNative.b.toFixed(0)} ` +
      `(separately, as before: ${nat.cpu_steps_per_s.toFixed(0)} vs ${rb.b.toFixed(0)}, ${(nat.cpu_steps_per_s / rb.b).toFixed(2)}x)`);
    // Peers one at a time: the TensorFlow.js backends share one global engine.
    for (const p of opt.peers) {
      let r;
      try {
        r = await PEERS[p].load(data);
      } catch (e) {
        console.log(`${wname} ${p}: unsupported (${e.message})`);
        continue;
      }
      report(p, r.step0());
      const t = await timeRunner(r, opt.seconds, opt.reps);
      rates[p] = t.stepsPerSec;
      console.log(`${wname} ${p} ${t.stepsPerSec.toFixed(1)} steps/s (median of ${opt.reps})`);
      await r.dispose?.();
    }
    // achieved GFLOP/s of gradscope-wasm: 3 matrix products of 2 B in out flops per layer
    let flops = 0;
    for (let l = 0; l + 1 < data.sizes.length; l++) flops += 3 * 2 * w.batch * data.sizes[l] * data.sizes[l + 1];
    console.log(`${wname} gradscope-wasm achieves ${(flops * rates['gradscope-wasm'] / 1e9).toFixed(2)} GFLOP/s in its matrix products (${(flops / 1e6).toFixed(2)} MFLOP per step)`);
    summary.push({ wname, rates, cpuRatios });
  }
  console.log('');
  const ratio = (wname, rates, a, b, digits = 1) =>
    console.log(`${wname} ${a}/${b} = ${(rates[a] / rates[b]).toFixed(digits)}x (${a} ${rates[a].toFixed(0)} steps/s, ${b} ${rates[b].toFixed(1)} steps/s)`);
  // the c-ref ratios on CPU time (alternating rounds in WASM; each program's own CPU time natively)
  const cpuRatio = (wname, cpuRatios, rates, a, b) =>
    console.log(`${wname} ${a}/${b} = ${cpuRatios[`${a}/${b}`].toFixed(2)}x (per CPU second; wall time: ${a} ${rates[a].toFixed(0)} steps/s, ${b} ${rates[b].toFixed(1)} steps/s)`);
  for (const { wname, rates, cpuRatios } of summary) {
    for (const p of Object.keys(rates)) {
      if (p.startsWith('gradscope') || p.startsWith('c-ref')) continue;
      ratio(wname, rates, 'gradscope-wasm', p);
    }
    cpuRatio(wname, cpuRatios, rates, 'gradscope-wasm', 'c-ref-wasm');
    cpuRatio(wname, cpuRatios, rates, 'gradscope-native', 'c-ref-native');
    cpuRatio(wname, cpuRatios, rates, 'gradscope-native', 'gradscope-wasm');
    console.log(`${wname} readback keeps ${readback[wname].toFixed(2)}`);
  }
  // issue 15's targets, met or missed in this run
  const target = (ok, what) => console.log(`target ${ok ? 'met' : 'MISSED'}: ${what}`);
  for (const { wname, rates, cpuRatios } of summary) {
    if (wname === 'W1') target(readback.W1 >= 0.9, `W1 readback keeps >= 0.9 (${readback.W1.toFixed(2)})`);
    for (const k of ['gradscope-wasm/c-ref-wasm', 'gradscope-native/c-ref-native'])
      target(cpuRatios[k] >= 1, `${wname} ${k} >= 1.0x (${cpuRatios[k].toFixed(2)}x)`);
    const nw = cpuRatios['gradscope-native/gradscope-wasm'];
    if (wname !== 'W1') target(nw >= 2, `${wname} gradscope-native/gradscope-wasm >= 2x (${nw.toFixed(2)}x)`);
  }
  // The remedies' cost: W1 with batch norm on every hidden layer, and with skip connections,
  // per CPU second against plain W1 in alternating rounds (WASM), and natively (gradscope_bench).
  // Batch norm once cost 10x in WASM (compiled -Os: its xtensor expressions not inlined).
  if (opt.workloads.includes('W1')) {
    const data = makeWorkloadData('W1');
    const csv = workloadCsv(data);
    const { parameters: _, ...plainDoc } = networkDocument('W1', { data });
    const hidden = (/** @type {object} */ extra) => ({ ...plainDoc, layers: plainDoc.layers.map((l, i) => (i < plainDoc.layers.length - 1 ? { ...l, ...extra(i) } : l)) });
    const variants = { 'batch norm': hidden(() => ({ batchnorm: true })), 'skip connections': hidden((i) => (i > 0 ? { residual: true } : {})) };
    const csvPath = join(tmp, 'W1-remedies.csv');
    writeFileSync(csvPath, csv);
    const nativeRate = (doc, name) => {
      const path = join(tmp, `W1-${name.replace(/ /g, '-')}.json`);
      writeFileSync(path, JSON.stringify(doc));
      return JSON.parse(execFileSync(nativeBench, [path, csvPath, '--batch', String(data.workload.batch), '--seconds', String(opt.seconds / 2),
        '--reps', '3', '--lr', String(LEARNING_RATE)]).toString()).cpu_steps_per_s;
    };
    const plain = new g.Session(plainDoc, sessionConfig(data, csv));
    const nPlain = nativeRate(plainDoc, 'plain');
    console.log('');
    for (const [name, doc] of Object.entries(variants)) {
      const s = new g.Session(doc, sessionConfig(data, csv));
      const r = await interleaved(() => plain.step(1), () => s.step(1), opt.seconds);
      s.dispose();
      const nCost = nPlain / nativeRate(doc, name);
      console.log(`W1 with ${name}: a step costs ${(1 / r.ratio).toFixed(2)}x the plain step in WASM (${r.b.toFixed(0)} vs ${r.a.toFixed(0)} steps per CPU second, alternating rounds), ${nCost.toFixed(2)}x natively`);
      target(1 / r.ratio <= 1.5 * nCost, `W1 with ${name}: its cost in WASM is at most 1.5x its cost natively (${(1 / r.ratio).toFixed(2)}x vs ${nCost.toFixed(2)}x)`);
    }
    plain.dispose();
  }
  const wasmGz = gzipSync(readFileSync(wasmPath)).length;
  target(wasmGz <= 250000, `gradscope.wasm <= 250 KB gzip (${(wasmGz / 1000).toFixed(1)} KB)`);
}

main().catch((e) => { console.error(`bench: ${e.stack ?? e}`); process.exit(1); });
