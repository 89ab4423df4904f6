// @ts-check
// Number formatting for labels and sentences.

/** 3e-12, 0.42, 12.3, "0 (underflow)"... @param {number | null | undefined} v @param {number} [digits] */
export function sci(v, digits = 2) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a >= 1e-2 && a < 1e4) return String(+v.toPrecision(digits + 1));
  const [m, e] = v.toExponential(digits - 1).split('e');
  return `${m}e${e.replace('+', '')}`;
}

/**
 * 10^e in the same form as sci(), for numbers too small or large for a double
 * (log10 of a product of many factors): fromLog10(-21.3) = "5.0e-22"; -Infinity: "0 (underflow)".
 * @param {number} e @param {number} [digits]
 */
export function fromLog10(e, digits = 2) {
  if (Number.isNaN(e)) return '–';
  if (e === -Infinity) return '0 (underflow)';
  if (e === Infinity) return '∞';
  if (e > -300 && e < 300) return sci(10 ** e, digits);
  let k = Math.floor(e), m = 10 ** (e - k);
  if (Number(m.toFixed(digits - 1)) >= 10) { m /= 10; k += 1; }
  return `${m.toFixed(digits - 1)}e${k}`;
}

/** @param {number | null | undefined} v */
export function pct(v) { return v === null || v === undefined || Number.isNaN(v) ? '–' : `${(100 * v).toFixed(v < 0.1 ? 1 : 0)}%`; }

/** 1,234,567 (toLocaleString is slow enough to show in a per-frame profile). @param {number} v */
export function int(v) {
  if (!Number.isFinite(v)) return '–';
  const s = String(Math.round(Math.abs(v)));
  let out = '';
  for (let i = 0; i < s.length; ++i) { if (i && (s.length - i) % 3 === 0) out += ','; out += s[i]; }
  return v < 0 ? `-${out}` : out;
}

/** A plain short number: `digits` significant digits, no trailing zeros (0.001, 12.5, 1e-7). @param {number} v @param {number} [digits] */
export function short(v, digits = 3) { return String(+v.toPrecision(digits)); }
