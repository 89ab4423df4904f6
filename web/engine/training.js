// @ts-check
// The worker's training loop: slices between messages. Each slice runs steps for the
// first pending `step` request, or paced training while playing (pace.js: the requested
// speed and the measured time per step), then answers a waiting pull and schedules the
// next slice (worker.js: MessageChannel, no 4 ms timer clamping), so requests are
// answered within a slice. Divergence pauses training and answers every step request.
// This file is not: the requests (requests.js), frames (frames.js) or pulls (pull.js).

/** @typedef {import('./protocol.js').WorkerRuntime} WorkerRuntime */

/** Cancels the scheduled slice, if any. @param {WorkerRuntime} rt */
export function stopTimer(rt) {
  if (rt.cancel) rt.cancel();
  rt.cancel = null;
}

/** Runs the next slice after `delay` ms. @param {WorkerRuntime} rt @param {number} delay */
function sliceAt(rt, delay) {
  stopTimer(rt);
  rt.scheduledDelay = delay;
  rt.cancel = rt.schedule(() => {
    rt.cancel = null;
    rt.tick();
  }, delay);
}

/** Schedules the next slice when there is work: immediately, or when speed allows. @param {WorkerRuntime} rt */
export function reschedule(rt) {
  if (!rt.session || rt.broken) return;
  const busy = rt.jobs.length > 0 || rt.running;
  if (!busy) {
    stopTimer(rt);
    return;
  }
  if (rt.cancel && (rt.scheduledDelay === 0 || rt.jobs.length === 0)) return;
  sliceAt(rt, 0);
}

/**
 * Steps this slice may run: for the first step request, or what the speed allows while
 * playing. 0: nothing to do now (a paced wait is scheduled); null: nothing to do.
 * @param {WorkerRuntime} rt @param {import('./protocol.js').StepJob | null} job @param {number} now
 * @returns {number | null}
 */
function stepsNow(rt, job, now) {
  if (job) return Math.min(job.remaining, rt.pace.budget(rt.sliceMs));
  if (!rt.running) return null;
  const allowed = rt.pace.accrue(now, rt.stepsPerFrame);
  if (allowed < 1) {
    rt.heartbeat(now);
    sliceAt(rt, rt.pace.waitMs(rt.stepsPerFrame));
    return 0;
  }
  return Math.min(allowed, rt.pace.budget(rt.sliceMs));
}

/**
 * One slice (WorkerRuntime.tick).
 * @param {WorkerRuntime} rt
 */
export function runSlice(rt) {
  const s = rt.session;
  if (!s || rt.broken) return;
  const job = rt.jobs.length > 0 ? rt.jobs[0] : null;
  const n = stepsNow(rt, job, rt.now());
  if (!n) return;

  let done = 0;
  const t0 = rt.now();
  try {
    done = s.step(n);
  } catch (e) {
    // a core error here is unexpected (n is in range); stop rather than spin
    rt.running = false;
    if (job) {
      rt.jobs.shift();
      rt.fail(job.id, e);
      rt.pull.dirty = true;
      rt.answerPull();
    } else {
      rt.fatal(e);
    }
    return;
  }
  rt.pace.measure(n, done, rt.now() - t0);
  if (!job) rt.pace.spend(done);
  if (done > 0) rt.pull.dirty = true;

  if (done < n || s.diverged) {
    rt.running = false;
    rt.pull.dirty = true;
    rt.finishJobs();
  } else if (job) {
    job.remaining -= done;
    if (job.remaining <= 0) {
      rt.jobs.shift();
      const r = rt.frameReply(true);
      rt.reply(job.id, r.result, r.transfer);
    }
  }
  rt.answerPull();
  rt.heartbeat(rt.now());
  if (rt.jobs.length > 0 || rt.running) sliceAt(rt, 0);
  else rt.sayIdle();
}
