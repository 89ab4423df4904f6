#!/usr/bin/env node
// Times the peer libraries on workloads W1-W3 after checking their step 0 against the
// float64 reference.
//
//   node bench/peers/run-peers.mjs [--workloads W1,W2,W3] [--seconds S] [--reps N]
//                                  [--peers tfjs-wasm,tfjs-cpu,convnetjs[,tfjs-wasm-devnorm]]
//
// One line per peer/workload ("W1 tfjs-wasm 116.2 steps/s (median of 5)"), then a last line
// "RESULT {json}". Exports timeRunner / compareStep0 / PEERS so bench/run.mjs can time
// gradscope's engines with the very same method.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { makeWorkloadData, WORKLOADS } from '../workloads.mjs';
import * as reference from './reference.mjs';

// Peers by name. load(data) -> runner; runner construction errors with .unsupported = true
// are reported as "unsupported", anything else is a failure.
export const PEERS = {
  'tfjs-wasm': { kind: 'tfjs', load: async (d) => (await import('./tfjs.mjs')).createRunner(d, { backend: 'wasm' }) },
  'tfjs-cpu': { kind: 'tfjs', load: async (d) => (await import('./tfjs.mjs')).createRunner(d, { backend: 'cpu' }) },
  convnetjs: { kind: 'convnetjs', load: async (d) => (await import('./convnetjs.mjs')).createRunner(d) },
  // Diagnostic variant (not run by default): norms by tf.norm in float32 on the backend.
  'tfjs-wasm-devnorm': {
    kind: 'tfjs-devnorm',
    load: async (d) => (await import('./tfjs.mjs')).createRunner(d, { backend: 'wasm', norms: 'device' }),
  },
};
export const DEFAULT_PEERS = ['tfjs-wasm', 'tfjs-cpu', 'convnetjs'];
export const TFJS_TOLERANCE = 1e-3;
export const CHECK_STEPS = 3;

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Time runner.step(): warm-up (at least warmupSeconds and warmupSteps), then `reps`
// repetitions of at least seconds/reps wall time and minStepsPerRep steps each; the rate of
// a repetition is steps / elapsed (performance.now()). Returns the median rate and all reps.
// step() may return a promise (awaited only if it does).
export async function timeRunner(runner, seconds = 3, reps = 5, {
  warmupSeconds = Math.min(1, Math.max(0.2, seconds / 5)), warmupSteps = 3, minStepsPerRep = 2,
} = {}) {
  const step = async () => {
    const r = runner.step();
    if (r && typeof r.then === 'function') await r;
  };
  let t0 = performance.now(), warm = 0;
  while (warm < warmupSteps || performance.now() - t0 < warmupSeconds * 1000) { await step(); warm++; }
  const rates = [], cpuRates = [];
  const repMs = (seconds / reps) * 1000;
  for (let k = 0; k < reps; k++) {
    let n = 0;
    const c0 = process.cpuUsage();
    t0 = performance.now();
    let el = 0;
    while (n < minStepsPerRep || el < repMs) { await step(); n++; el = performance.now() - t0; }
    const c = process.cpuUsage(c0);
    rates.push(n / (el / 1000));
    cpuRates.push(n / ((c.user + c.system) / 1e6));
  }
  // cpuStepsPerSec: steps per second of this process's CPU time (user+system, all its
  // threads, so V8's helper GC threads count too). Less sensitive to other jobs on a shared
  // machine than wall time; the wall-time median stepsPerSec is the headline number.
  return {
    stepsPerSec: median(rates), reps: rates, cpuStepsPerSec: median(cpuRates), cpuReps: cpuRates,
    warmupSteps: warm, seconds, repetitions: reps,
  };
}

// Relative differences of a step-0 result against the reference. outputNormScale divides the
// last layer's norm first (convnetjs's 2-class head reports sqrt(2) x the bce_logits norm).
export function compareStep0(ref, got, { outputNormScale = 1 } = {}) {
  const rel = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));
  const L = ref.gradNorms.length;
  if (got.gradNorms.length !== L) throw new Error(`step0: ${got.gradNorms.length} grad norms, expected ${L}`);
  const lossRel = rel(got.loss, ref.loss);
  let gradRel = 0, worstLayer = -1;
  for (let l = 0; l < L; l++) {
    const g = l === L - 1 ? got.gradNorms[l] / outputNormScale : got.gradNorms[l];
    const r = Number.isFinite(g) ? rel(g, ref.gradNorms[l]) : Infinity;
    if (r > gradRel || worstLayer < 0) { gradRel = r; worstLayer = l; }
  }
  return { lossRel, gradRel, worstLayer, maxRel: Math.max(lossRel, gradRel) };
}

function parseArgs(argv) {
  const o = { workloads: Object.keys(WORKLOADS), seconds: 3, reps: 5, peers: DEFAULT_PEERS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a.startsWith('--workloads')) o.workloads = val().split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    else if (a.startsWith('--seconds')) o.seconds = Number(val());
    else if (a.startsWith('--reps')) o.reps = Number(val());
    else if (a.startsWith('--peers')) o.peers = val().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/peers/run-peers.mjs [--workloads W1,W2,W3] [--seconds S] [--reps N] '
        + `[--peers ${Object.keys(PEERS).join(',')}]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const w of o.workloads) if (!WORKLOADS[w]) throw new Error(`unknown workload ${w}`);
  for (const p of o.peers) if (!PEERS[p]) throw new Error(`unknown peer ${p}`);
  if (!(o.seconds > 0) || !(o.reps >= 1)) throw new Error('--seconds must be > 0 and --reps >= 1');
  return o;
}

const fmtRel = (x) => (x === 0 ? '0' : x.toExponential(1));

export async function main(argv = process.argv.slice(2)) {
  const opt = parseArgs(argv);
  const { TFJS_VERSION } = await import('./tfjs.mjs');
  const { CONVNETJS_VERSION } = await import('./convnetjs.mjs');
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    loadavgAtStart: os.loadavg(),
    versions: { '@tensorflow/tfjs': TFJS_VERSION, convnetjs: CONVNETJS_VERSION },
    method: { seconds: opt.seconds, reps: opt.reps, statistic: 'median steps/s' },
    step0: [], results: [], unsupported: [], failures: [],
  };

  for (const wname of opt.workloads) {
    const data = makeWorkloadData(wname);
    const ref = (await reference.createRunner(data)).step0();
    // Reference trajectory: the result of step CHECK_STEPS (its loss and norms already
    // reflect CHECK_STEPS - 1 SGD updates), to check that the update rule matches too.
    const refRunner = await reference.createRunner(data);
    let refLater;
    for (let k = 0; k < CHECK_STEPS; k++) refLater = refRunner.step();
    out.step0.push({ workload: wname, peer: 'reference-f64', loss: ref.loss, gradNorms: ref.gradNorms });
    console.log(`${wname} reference-f64 step0 loss ${ref.loss.toPrecision(8)}, ||dW|| first ${ref.gradNorms[0].toExponential(3)}, last ${ref.gradNorms.at(-1).toExponential(3)}`);

    for (const pname of opt.peers) {
      const peer = PEERS[pname];
      let runner;
      try {
        runner = await peer.load(data);
      } catch (e) {
        if (e.unsupported) {
          console.log(`${wname} ${pname} unsupported: ${e.message}`);
          out.unsupported.push({ workload: wname, peer: pname, reason: e.message });
          continue;
        }
        throw e;
      }
      try {
        const s0 = runner.step0();
        const cmp = compareStep0(ref, s0, { outputNormScale: runner.outputNormScale ?? 1 });
        const comparable = runner.comparable ?? true;
        out.step0.push({ workload: wname, peer: pname, loss: s0.loss, gradNorms: s0.gradNorms, comparable, ...cmp });
        const scaleNote = (runner.outputNormScale ?? 1) !== 1 ? ` [output ||dW|| / ${runner.outputNormScale.toFixed(4)}; ${runner.note}]` : '';
        console.log(`${wname} ${pname} step0 vs reference: loss rel ${fmtRel(cmp.lossRel)}, ||dW|| max rel ${fmtRel(cmp.gradRel)} (layer ${cmp.worstLayer + 1})${scaleNote}`);
        if (cmp.maxRel > TFJS_TOLERANCE) {
          const msg = `${wname} ${pname}: step0 differs from the reference by ${cmp.maxRel.toExponential(2)} > ${TFJS_TOLERANCE}`;
          if (peer.kind === 'tfjs') {
            console.error(`FAIL ${msg}`);
            out.failures.push(msg);
          } else {
            console.log(`  warning: ${msg}${peer.kind === 'tfjs-devnorm' ? ' (tf.norm squares in float32: vanishing norms underflow to 0)' : ''}`);
          }
        }

        // Same check after CHECK_STEPS training steps (on this runner; timing follows).
        let later;
        for (let k = 0; k < CHECK_STEPS; k++) later = await runner.step();
        const cmpN = compareStep0(refLater, later, { outputNormScale: runner.outputNormScale ?? 1 });
        out.step0.at(-1).afterSteps = { steps: CHECK_STEPS, ...cmpN };
        console.log(`${wname} ${pname} step ${CHECK_STEPS} vs reference: loss rel ${fmtRel(cmpN.lossRel)}, ||dW|| max rel ${fmtRel(cmpN.gradRel)}${comparable === true ? '' : ' (not comparable: different loss head after the first update)'}`);
        if (comparable === true && cmpN.maxRel > TFJS_TOLERANCE && peer.kind === 'tfjs') {
          const msg = `${wname} ${pname}: step ${CHECK_STEPS} differs from the reference by ${cmpN.maxRel.toExponential(2)} > ${TFJS_TOLERANCE}`;
          console.error(`FAIL ${msg}`);
          out.failures.push(msg);
        }

        const t = await timeRunner(runner, opt.seconds, opt.reps);
        const r = {
          workload: wname, peer: pname, stepsPerSec: t.stepsPerSec, reps: t.reps,
          cpuStepsPerSec: t.cpuStepsPerSec, cpuReps: t.cpuReps, warmupSteps: t.warmupSteps,
        };
        if (runner.info) r.info = runner.info;
        if (runner.note) r.note = runner.note;
        out.results.push(r);
        console.log(`${wname} ${pname} ${t.stepsPerSec.toFixed(1)} steps/s (median of ${opt.reps}; ${t.cpuStepsPerSec.toFixed(1)} per CPU-second)`);
      } finally {
        runner.dispose();
      }
    }
  }
  out.loadavgAtEnd = os.loadavg();
  console.log(`RESULT ${JSON.stringify(out)}`);
  if (out.failures.length) {
    console.error(`run-peers: ${out.failures.length} step-0 check(s) failed:\n  ${out.failures.join('\n  ')}`);
    process.exitCode = 1;
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
