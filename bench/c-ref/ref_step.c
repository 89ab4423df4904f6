/* The plain C reference step of `npm run bench` (issue 15): what a careful C programmer
 * writes for one training step of a dense network, with no library and nothing
 * gradscope-specific: forward (z = x W^T + b, the activation), the loss (bce_logits or
 * softmax_ce, mean over the batch), backward, plain SGD, and the Frobenius norm of every
 * layer's dL/dW (squares summed in double). float32 throughout.
 * Built twice with the flags gradscope is built with: to WASM by emcc (-O3 -msimd128,
 * bench/c-ref/build.sh) and natively by the C compiler of the CMake build (c_ref_bench).
 * Weights are stored transposed, WT is (in,out), so the forward pass and dW are axpy loops
 * over contiguous outputs that the compiler vectorises; for dx the layer's W is transposed
 * back into a scratch (out,in) so that loop is an axpy over inputs as well.
 * exp is inlined (exp_f below, float accuracy) rather than libm's expf, so the activation
 * loops vectorise too: a reference as fast as plain C reasonably gets. */
#include "ref_step.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct RefNet {
  int L, B, act, loss;
  float lr;
  int* n;        /* n[0..L]: layer sizes, n[0] inputs */
  float **WT, **b, **dWT, **db;  /* per layer l = 0..L-1: (n[l], n[l+1]), (n[l+1]) */
  float **a, **d;                /* a[l]: (B, n[l+1]) outputs, d[l]: f'(z) (hidden layers) */
  float *dz, *dx;                /* scratch (B, max n) */
  float* wscratch;               /* (max n)^2: one layer's W in (out,in) for the backward pass */
  double* norms;                 /* ||dW_l|| */
};

static void* zalloc(size_t n) { return calloc(n ? n : 1, 1); }

/* e^x for float: x = n ln2 + r, |r| <= ln2/2, e^r by its degree-6 Taylor polynomial
 * (relative error < 2e-7 over the float range), 2^n through the exponent bits. x is
 * clamped to [-87, 88] (e^-87 is the smallest normal neighbourhood; callers pass x <= 0
 * or small). Branch-free, so loops calling it vectorise. */
static inline float exp_f(float x) {
  x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
  const float t = x * 1.44269504f + 12582912.0f; /* 1.5 * 2^23: rounds x log2e to an integer */
  const float n = t - 12582912.0f;
  const float r = (x - n * 0.693145752f) - n * 1.42860677e-6f;
  float p = 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  union { float f; int i; } bits = {t}, scale;
  scale.i = (bits.i - 0x4B400000 + 127) << 23; /* n + 127 in the exponent field */
  return p * scale.f;
}

RefNet* ref_create(int L, const int* sizes, int act, int loss, int batch, float lr) {
  RefNet* r = (RefNet*)zalloc(sizeof(RefNet));
  int maxn = 0;
  r->L = L; r->B = batch; r->act = act; r->loss = loss; r->lr = lr;
  r->n = (int*)zalloc(sizeof(int) * (L + 1));
  memcpy(r->n, sizes, sizeof(int) * (L + 1));
  r->WT = (float**)zalloc(sizeof(float*) * L); r->b = (float**)zalloc(sizeof(float*) * L);
  r->dWT = (float**)zalloc(sizeof(float*) * L); r->db = (float**)zalloc(sizeof(float*) * L);
  r->a = (float**)zalloc(sizeof(float*) * L); r->d = (float**)zalloc(sizeof(float*) * L);
  for (int l = 0; l <= L; ++l) if (sizes[l] > maxn) maxn = sizes[l];
  for (int l = 0; l < L; ++l) {
    size_t w = (size_t)sizes[l] * sizes[l + 1];
    r->WT[l] = (float*)zalloc(w * 4); r->dWT[l] = (float*)zalloc(w * 4);
    r->b[l] = (float*)zalloc(sizes[l + 1] * 4); r->db[l] = (float*)zalloc(sizes[l + 1] * 4);
    r->a[l] = (float*)zalloc((size_t)batch * sizes[l + 1] * 4);
    r->d[l] = (float*)zalloc((size_t)batch * sizes[l + 1] * 4);
  }
  r->dz = (float*)zalloc((size_t)batch * maxn * 4);
  r->dx = (float*)zalloc((size_t)batch * maxn * 4);
  r->wscratch = (float*)zalloc((size_t)maxn * maxn * 4);
  r->norms = (double*)zalloc(sizeof(double) * L);
  return r;
}

/* W is (out,in) row-major (PyTorch layout) -> stored as WT (in,out). */
void ref_set_layer(RefNet* r, int l, const float* W, const float* b) {
  const int in = r->n[l], out = r->n[l + 1];
  for (int o = 0; o < out; ++o)
    for (int i = 0; i < in; ++i) r->WT[l][(size_t)i * out + o] = W[(size_t)o * in + i];
  memcpy(r->b[l], b, sizeof(float) * out);
}

const double* ref_norms(const RefNet* r) { return r->norms; }

/* x is (B, n[0]); y is (B) labels (0/1 for bce_logits, class index for softmax_ce). */
float ref_step(RefNet* r, const float* x, const float* y, int update) {
  const int L = r->L, B = r->B;
  /* forward */
  for (int l = 0; l < L; ++l) {
    const int in = r->n[l], out = r->n[l + 1];
    const float* xin = l ? r->a[l - 1] : x;
    float* z = r->a[l];
    for (int s = 0; s < B; ++s) {
      float* zr = z + (size_t)s * out;
      for (int o = 0; o < out; ++o) zr[o] = r->b[l][o];
      for (int i = 0; i < in; ++i) {
        const float xi = xin[(size_t)s * in + i];
        const float* w = r->WT[l] + (size_t)i * out;
        for (int o = 0; o < out; ++o) zr[o] += xi * w[o];
      }
    }
    if (l == L - 1) break; /* linear output */
    float* d = r->d[l];
    const int n = B * out;
    /* one loop per activation, each branch-free, so the compiler vectorises it */
    if (r->act == 0) {
      for (int k = 0; k < n; ++k) { const float s = 1.0f / (1.0f + exp_f(-z[k])); d[k] = s * (1.0f - s); z[k] = s; }
    } else if (r->act == 1) {
      for (int k = 0; k < n; ++k) { const float v = z[k]; d[k] = v > 0 ? 1.0f : 0.0f; z[k] = v > 0 ? v : 0.0f; }
    } else {
      for (int k = 0; k < n; ++k) {
        const float v = z[k], e = exp_f(v > 0 ? 0.0f : v);
        d[k] = v > 0 ? 1.0f : e;
        z[k] = v > 0 ? v : e - 1.0f;
      }
    }
  }
  /* loss and dL/dz of the output layer, mean over the batch */
  const int K = r->n[L];
  float* zo = r->a[L - 1];
  double loss = 0;
  for (int s = 0; s < B; ++s) {
    float* zr = zo + (size_t)s * K;
    float* g = r->dz + (size_t)s * K;
    if (r->loss == 0) {
      const float v = zr[0], t = y[s];
      loss += (v > 0 ? v : 0) - v * t + log1pf(exp_f(-fabsf(v)));
      g[0] = (1.0f / (1.0f + exp_f(-v)) - t) / B;
    } else {
      float m = zr[0], sum = 0;
      for (int k = 1; k < K; ++k) m = zr[k] > m ? zr[k] : m;
      for (int k = 0; k < K; ++k) { g[k] = exp_f(zr[k] - m); sum += g[k]; }
      const int c = (int)y[s];
      loss += logf(sum) - (zr[c] - m);
      for (int k = 0; k < K; ++k) g[k] = (g[k] / sum - (k == c ? 1.0f : 0.0f)) / B;
    }
  }
  /* backward: dz (B,out) of layer l -> dW, db, then dx = dz W, dz of layer l-1 = dx * f' */
  for (int l = L - 1; l >= 0; --l) {
    const int in = r->n[l], out = r->n[l + 1];
    const float* xin = l ? r->a[l - 1] : x;
    float *dWT = r->dWT[l], *db = r->db[l];
    memset(dWT, 0, sizeof(float) * in * out);
    memset(db, 0, sizeof(float) * out);
    for (int s = 0; s < B; ++s) {
      const float* g = r->dz + (size_t)s * out;
      for (int o = 0; o < out; ++o) db[o] += g[o];
      for (int i = 0; i < in; ++i) {
        const float xi = xin[(size_t)s * in + i];
        float* dw = dWT + (size_t)i * out;
        for (int o = 0; o < out; ++o) dw[o] += xi * g[o];
      }
    }
    double sq = 0;
    for (int k = 0; k < in * out; ++k) sq += (double)dWT[k] * dWT[k];
    r->norms[l] = sqrt(sq);
    if (l > 0) {
      /* dx = dz W with W (out,in) rows: transposed back from WT first (in x out copies,
       * against B x in x out multiply-adds), so this is an axpy loop over inputs too */
      float* W = r->wscratch;
      for (int i = 0; i < in; ++i)
        for (int o = 0; o < out; ++o) W[(size_t)o * in + i] = r->WT[l][(size_t)i * out + o];
      const float* dprev = r->d[l - 1];
      for (int s = 0; s < B; ++s) {
        float* dx = r->dx + (size_t)s * in;
        const float* g = r->dz + (size_t)s * out;
        for (int i = 0; i < in; ++i) dx[i] = 0;
        for (int o = 0; o < out; ++o) {
          const float go = g[o];
          const float* w = W + (size_t)o * in;
          for (int i = 0; i < in; ++i) dx[i] += go * w[i];
        }
        for (int i = 0; i < in; ++i) dx[i] *= dprev[(size_t)s * in + i];
      }
      float* t = r->dz; r->dz = r->dx; r->dx = t;
    }
  }
  /* SGD */
  if (update)
    for (int l = 0; l < L; ++l) {
      const size_t w = (size_t)r->n[l] * r->n[l + 1];
      for (size_t k = 0; k < w; ++k) r->WT[l][k] -= r->lr * r->dWT[l][k];
      for (int o = 0; o < r->n[l + 1]; ++o) r->b[l][o] -= r->lr * r->db[l][o];
    }
  return (float)(loss / B);
}
