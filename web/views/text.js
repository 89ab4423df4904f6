// @ts-check
// The words of each view: a title, two or three sentences with the formula (KaTeX, our
// own strings only), and what to look for. Kept apart from the drawing code. These hold
// for every network; where a card's words depend on the network on screen or on the
// measured numbers, views/explain.js generates them and they replace these.

/** @typedef {{ title: string, tex: string, text: string, look: string }} ViewText */

/** @type {Record<string, ViewText>} */
export const VIEW_TEXT = {
  loss: {
    title: 'Loss and accuracy',
    tex: String.raw`\mathcal{L} = \tfrac{1}{B}\textstyle\sum_i \ell(\hat y_i, y_i)`,
    text: 'The loss of each mini-batch (thin line), and the loss and accuracy over the whole training and test sets, measured a few times a second.',
    look: 'A flat line at the chance level (0.69 for two balanced classes) means nothing is learning; a test curve that parts from the training curve means over-fitting.',
  },
  gradients: {
    title: 'Gradient norm per layer',
    tex: String.raw`\frac{\partial \mathcal{L}}{\partial W_1} = \frac{\partial \mathcal{L}}{\partial a_L}\prod_{l=2}^{L} W_l^{\top}\,\mathrm{diag}\!\big(f'(z_{l-1})\big)\cdots`,
    text: 'The gradient that reaches layer 1 is the output gradient multiplied by one factor per layer above it, and each factor contains the activation’s derivative f′: factors below 1 shrink it layer after layer, factors above 1 make it grow.',
    look: 'A steady slope down towards layer 1 is vanishing; a slope up is exploding; red stubs are norms that underflowed to exactly 0 in floating point. Below: the norm of the whole gradient over steps; with clipping on (Training), the dashed line is the norm after clipping, held at the threshold.',
  },
  flow: {
    title: 'Gradient flow over time',
    tex: String.raw`\log_{10}\,\lVert \partial \mathcal{L} / \partial W_l \rVert \text{ per layer } l \text{ and step } t`,
    text: 'Each column is one moment of training, each row one layer (layer 1 at the bottom); the colour is the gradient norm on a log scale (viridis).',
    look: 'Dark bottom rows that never brighten: the input-side layers never learn. A band that changes colour shows the gradient moving as units die or saturate.',
  },
  layer: {
    title: 'One layer up close',
    tex: String.raw`z = W x + b,\quad a = f(z),\quad \text{flat where } |f'(z)| < \varepsilon`,
    text: 'The histogram of this layer’s pre-activations over a fixed probe set of training rows, drawn over the activation f and its derivative f′. Shaded: where f′ is almost 0, so a unit whose z lands there barely learns.',
    look: 'Mass in the shaded zones is saturation. The output histogram’s mean (▲) away from 0 is the bias shift the next layer has to absorb.',
  },
  health: {
    title: 'Unit health',
    tex: String.raw`\text{dead: } f'(z_j)=0 \ \forall x \in \text{probe set}\qquad \text{saturated: } |f'(z_j)| < \varepsilon`,
    text: 'Each cell is one unit (columns) of one layer (rows), judged over the probe set: the share of samples on which it is active. A ReLU unit that outputs 0 for every sample is dead: its gradient is 0 and it cannot recover.',
    look: 'Black cells are dead (hover for the step of death); orange ones saturate most of the time. The chart below counts both over time.',
  },
  zigzag: {
    title: 'Zig-zag updates',
    tex: String.raw`\frac{\partial \mathcal{L}}{\partial w_{ji}} = \delta_j\, x_i,\qquad x_i \ge 0 \;\Rightarrow\; \operatorname{sign} = \operatorname{sign}(\delta_j)`,
    text: 'When a layer’s inputs are all positive (sigmoid or ReLU outputs), all the weights of one unit receive updates of the same sign in a step. The bars show the share of a unit’s weight updates that share the majority sign.',
    look: 'Bars at 1.0 from layer 2 on for sigmoid networks (batch 1 makes it exact). On the right: with positive inputs the path to w* zig-zags; with zero-centred inputs it heads straight there.',
  },
  slopes: {
    title: 'PReLU and RReLU slopes',
    tex: String.raw`f(z) = \max(0, z) + \alpha \min(0, z),\quad \alpha_{\text{PReLU}} \text{ learned},\ \alpha_{\text{RReLU}} \sim U(l, u)`,
    text: 'PReLU learns its negative-side slope by backpropagation (one per layer or per unit); RReLU draws it at random in every training step and uses the mid-point (l + u)/2 for evaluation.',
    look: 'PReLU lines leave their initial 0.25 as the network finds its own slope; RReLU’s band stays inside [l, u].',
  },
  boundary: {
    title: 'Decision boundary',
    tex: String.raw`\hat p(x) = \sigma\big(f_\theta(x)\big)\ \text{(binary)},\qquad \hat y = \arg\max_k f_\theta(x)_k`,
    text: 'The network’s output over the plane of its two inputs: probability of class 1 for binary data (purple 0 → orange 1), the winning class for several classes, the value for regression.',
    look: 'A network whose early layers do not learn stays a blur or a straight cut; a learning one bends the boundary around the data.',
  },
  explorer: {
    title: 'Activation explorer',
    tex: String.raw`\sigma'(z) = \sigma(z)\,(1-\sigma(z)) \le \tfrac14,\quad \mathrm{ReLU}'(z) = [z>0],\quad \mathrm{ELU}'(z) = \alpha e^{z}\ (z<0)`,
    text: 'Each activation (solid) with its derivative (dashed), with the formulas and parameters of the code that trains (checked against it point by point). The parameters (Leaky slope, ELU α, PReLU initial slope, RReLU range) follow the controls.',
    look: 'Where the dashed line is near 0 the unit saturates; where it is exactly 0 (ReLU, z < 0) the unit can die; sigmoid’s never exceeds 0.25.',
  },
  product: {
    title: 'The product experiment',
    tex: String.raw`\prod_{i=1}^{N} u_i,\ u_i \sim U(0,1)\qquad \prod_{i=1}^{N} \sigma'(z_i) \le 0.25^{N}`,
    text: 'Multiply N numbers drawn from (0, 1), many times: the product collapses exponentially (its natural logarithm is a sum of N terms of mean −1). Products of N sigmoid derivatives can never exceed 0.25^N.',
    look: 'The histogram of the uniform products, the share of them above the threshold you pick, and the sigmoid′ products left of their bound.',
  },
  network: {
    title: 'The network',
    tex: String.raw`a_l = f(W_l\, a_{l-1} + b_l)`,
    text: 'For small networks (up to 6 hidden layers of 12 units), every weight as an edge: its value w (width relative to the layer’s largest, blue positive, orange negative), or its gradient ∂L/∂w on one log scale for the whole network. For every network, a strip with one column per layer: gradient norm, activation mean and spread, saturated share and dead units.',
    look: 'With “edges: gradients” on a sigmoid network, the edges fade layer by layer towards the input: the vanishing gradient, edge by edge. In the strip, a gradient row that fades from right to left is vanishing; an activation-spread row that fades is a signal dying on its way in (Xavier with ReLU).',
  },
};
