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
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadGradscope } from '../web/engine/gradscope.js';
import { makeWorkloadData, networkDocument, WORKLOADS, LEARNING_RATE } from './workloads.mjs';
import * as reference from './peers/reference.mjs';
import { PEERS, DEFAULT_PEERS, timeRunner, compareStep0 } from './peers/run-peers.mjs';

const root = new URL('..', import.meta.url);
const wasmPath = new URL('web/generated/gradscope.wasm', root);
const cli = new URL('build/gradscope', root).pathname;
const nativeBench = new URL('build/gradscope_bench', root).pathname;

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
      if (name.startsWith('gradscope') && c.maxRel > 1e-4) throw new Error(`${name} disagrees with the reference on ${wname} step 0`);
      if (name.startsWith('tfjs') && c.maxRel > 1e-3) throw new Error(`${name} disagrees with the reference on ${wname} step 0`);
    };
    const session = new g.Session(doc, sessionConfig(data, csv));
    const gw = session.gradients(batchDoc(data));
    checks.push(['gradscope-wasm', { loss: gw.loss, gradNorms: gw.layers.map((l) => l.dW_norm) }]);
    const gn = JSON.parse(execFileSync(cli, ['grad', netPath, batchPath], { maxBuffer: 1 << 28 }).toString());
    checks.push(['gradscope-native', { loss: gn.loss, gradNorms: gn.layers.map((l) => l.dW_norm) }]);
    for (const [name, s0] of checks) report(name, s0);

    // timings, all in this run
    const rates = {};
    const tw = await timeRunner({ step: () => session.step(1) }, opt.seconds, opt.reps);
    rates['gradscope-wasm'] = tw.stepsPerSec;
    session.setStats(false);
    const twOff = await timeRunner({ step: () => session.step(1) }, opt.seconds, opt.reps);
    session.dispose();
    console.log(`${wname} gradscope-wasm ${tw.stepsPerSec.toFixed(1)} steps/s (median of ${opt.reps}); statistics off ${twOff.stepsPerSec.toFixed(1)} steps/s: all per-step statistics cost ${(twOff.stepsPerSec / tw.stepsPerSec).toFixed(2)}x`);
    const nat = JSON.parse(execFileSync(nativeBench, [netPath, csvPath, '--batch', String(w.batch), '--seconds', String(opt.seconds),
      '--reps', String(opt.reps), '--lr', String(LEARNING_RATE)]).toString());
    rates['gradscope-native'] = nat.steps_per_s;
    console.log(`${wname} gradscope-native ${nat.steps_per_s.toFixed(1)} steps/s (median of ${opt.reps})`);
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
    summary.push({ wname, rates });
  }
  console.log('');
  for (const { wname, rates } of summary) {
    const gw = rates['gradscope-wasm'];
    for (const p of Object.keys(rates)) {
      if (p.startsWith('gradscope')) continue;
      console.log(`${wname} gradscope-wasm/${p} = ${(gw / rates[p]).toFixed(1)}x (gradscope-wasm ${gw.toFixed(0)} steps/s, ${p} ${rates[p].toFixed(1)} steps/s)`);
    }
  }
}

main().catch((e) => { console.error(`bench: ${e.stack ?? e}`); process.exit(1); });
