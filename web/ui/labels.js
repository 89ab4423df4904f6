// @ts-check
// The words the page shows for the schema's enum values (activations, initialisers,
// losses, optimisers, data sets, ...): "leaky_relu" -> "Leaky ReLU".
// This file is not: the values themselves (state/schema.js).

const LABELS = /** @type {Record<string, string>} */ ({
  sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU', leaky_relu: 'Leaky ReLU', prelu: 'PReLU', rrelu: 'RReLU (randomized)',
  elu: 'ELU', selu: 'SELU', gelu: 'GELU', softplus: 'softplus', silu: 'SiLU (swish)', identity: 'identity (linear)',
  glorot_uniform: 'Xavier/Glorot uniform', glorot_normal: 'Xavier/Glorot normal', he_uniform: 'He/Kaiming uniform',
  he_normal: 'He/Kaiming normal', lecun_normal: 'LeCun normal', normal: 'normal N(0, gain²)', uniform: 'uniform U(−gain, gain)',
  auto: 'auto', mse: 'mean squared error', bce_logits: 'binary cross-entropy', softmax_ce: 'softmax cross-entropy',
  sgd: 'SGD', momentum: 'SGD + momentum', rmsprop: 'RMSProp', adam: 'Adam',
  circles: 'circles', xor: 'xor', gaussians: 'two gaussians', spiral: 'spiral', moons: 'moons', regression: 'regression (2-D)',
  digits: 'digits 8×8 (10 classes)', csv: 'your CSV file',
  float32: 'float32', float64: 'float64', light: 'light', dark: 'dark', layer: 'one per layer', unit: 'one per unit',
  dW_norm: '‖∂L/∂W‖ (weights)', dz_norm: '‖∂L/∂z‖ (pre-activations)',
});
/** @param {string} v */
export const label = (v) => LABELS[v] ?? v;
