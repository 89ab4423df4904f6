// @ts-check
// The 8x8 digits are not inside the .wasm (it stays small for everyone who never trains on
// them): build-wasm.sh writes them to web/generated/digits.txt, the worker fetches that
// file the first time a network asks for `data.name: "digits"`, and gradscope.js hands the
// text to the sessions that need it. This file: recognising such a configuration.

/**
 * Whether a training configuration trains on the digits.
 * @param {unknown} config an object or its JSON text
 * @returns {boolean}
 */
export function asksForDigits(config) {
  if (typeof config === 'string') return /"name"\s*:\s*"digits"/.test(config);
  const data = config && typeof config === 'object' ? /** @type {any} */ (config).data : null;
  return !!data && typeof data === 'object' && data.name === 'digits';
}
