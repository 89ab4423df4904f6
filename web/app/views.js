// @ts-check
// The playground's cards, in their default order (an embed's `views` option picks and
// orders them): one view a file in web/views/, all given the same context.
// This file is not: the cards themselves (web/views/) or where they go (page.js).
import { createGradientsView } from '../views/gradients.js';
import { createLossView } from '../views/loss.js';
import { createFlowView } from '../views/flow.js';
import { createLayerView } from '../views/layer.js';
import { createHealthView } from '../views/health.js';
import { createBoundaryView } from '../views/boundary.js';
import { createZigzagView } from '../views/zigzag.js';
import { createSlopesView } from '../views/slopes.js';
import { createNetworkView } from '../views/network.js';
import { createExplorerView } from '../views/explorer.js';
import { createProductCard } from '../views/product.js';

/** @typedef {import('../views/context.js').View} View */

/**
 * @param {import('../views/context.js').ViewContext & { counted: (dead: number, units: number) => void, gradientBatch: (rows: import('../views/context.js').DataRows) => any }} ctx
 */
export function createViews(ctx) {
  const gradients = createGradientsView(ctx);
  const loss = createLossView(ctx);
  const health = createHealthView(ctx);
  /** @type {View[]} */
  const all = [gradients, loss, createFlowView(ctx), createLayerView(ctx), health, createBoundaryView(ctx),
    createZigzagView(ctx), createSlopesView(ctx), createNetworkView(ctx), createExplorerView(ctx), createProductCard(ctx)];
  return {
    all, gradients,
    /** The charts that mark a preset's claim step (views/pacing.js). */
    timeCharts: [loss.charts[0], gradients.charts[1], health.charts[1]],
    /** @param {string} id */
    byId: (id) => all.find((v) => v.id === id),
  };
}
