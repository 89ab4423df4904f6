// @ts-check
// The frame pull, worker side: the client asks for the next frame ('pull', at most one
// outstanding); the worker answers it when the state changed (dirty) and, while
// training, when frames are not too frequent (frames.js tooSoon). A pull that waits while
// nothing runs may wait for minutes (a paused or finished page): the worker says 'idle'
// once, so that the client parks it and does not take the silence for a hang.
// This file is not: building frames (frames.js) or the client's side (client.js).

/** @typedef {import('./protocol.js').WorkerRuntime} WorkerRuntime */

export class Pull {
  constructor() {
    /** a pull arrived and has not been answered */
    this.waiting = false;
    /** the last message posted was 'idle' (the client has parked its pull) */
    this.idleSaid = false;
    /** the state changed since the last frame */
    this.dirty = false;
  }

  /** A 'pull' message arrived. */
  arrived() {
    this.waiting = true;
    this.idleSaid = false;
  }
}

/** Answers a waiting pull with a frame, if something changed. @param {WorkerRuntime} rt */
export function answerPull(rt) {
  const p = rt.pull;
  if (!p.waiting || !p.dirty || !rt.session || rt.broken) return;
  if (rt.running && rt.frames.tooSoon()) return;
  let r;
  try {
    r = rt.buildFrame(!rt.running);
  } catch (e) {
    rt.fatal(e);
    return;
  }
  p.waiting = false;
  p.dirty = false;
  rt.post({ type: 'frame', frame: r.frame }, r.transfer);
}

/** Says 'idle' once for a pull that waits while nothing runs. @param {WorkerRuntime} rt */
export function sayIdle(rt) {
  const p = rt.pull;
  if (!p.waiting || p.idleSaid) return;
  if (rt.running || rt.jobs.length > 0 || rt.queue) return;  // a frame or reply is coming
  if (p.dirty && rt.session && !rt.broken) return;            // ... or was just sent
  rt.post({ type: 'idle' }, []);
}
