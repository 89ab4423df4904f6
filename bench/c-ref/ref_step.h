/* The plain C reference step (ref_step.c): create, set the weights, step. */
#ifndef GS_REF_STEP_H
#define GS_REF_STEP_H
#ifdef __cplusplus
extern "C" {
#endif

typedef struct RefNet RefNet;
/* L layers, sizes[0..L] (inputs first), act 0 sigmoid / 1 relu / 2 elu (alpha 1),
 * loss 0 bce_logits (1 output) / 1 softmax_ce, batch rows, SGD learning rate. */
RefNet* ref_create(int L, const int* sizes, int act, int loss, int batch, float lr);
/* W (n[l+1], n[l]) row-major, b (n[l+1]). */
void ref_set_layer(RefNet* r, int l, const float* W, const float* b);
/* One step on x (B, n[0]) and labels y (B); update 0: no SGD (step 0). Returns the loss. */
float ref_step(RefNet* r, const float* x, const float* y, int update);
/* ||dL/dW_l|| of the last step, l = 0..L-1. */
const double* ref_norms(const RefNet* r);

#ifdef __cplusplus
}
#endif
#endif
