/* c_ref_bench: the native build of the plain C reference step (ref_step.c), timed like
 * gradscope_bench (warm-up, then repetitions of at least seconds/reps, median).
 *   c_ref_bench WORKLOAD.bin --seconds S --reps R
 * WORKLOAD.bin (written by bench/run.mjs, little-endian): int32 L, act, loss, batch, nbatches;
 * float32 lr; int32 sizes[L+1]; per layer float32 W (out,in) and b (out); per batch
 * float32 x (B, n[0]) and y (B).
 * Prints {"step0": {"loss": x, "norms": [...]}, "runs": [...], "steps_per_s": median (wall
 * time), "cpu_steps_per_s": median per CPU second}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ref_step.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static void need(size_t got, size_t want) {
  if (got != want) { fprintf(stderr, "c_ref_bench: truncated workload file\n"); exit(2); }
}

int main(int argc, char** argv) {
  double seconds = 3;
  int reps = 5;
  if (argc < 2) { fprintf(stderr, "usage: c_ref_bench WORKLOAD.bin [--seconds S] [--reps R]\n"); return 2; }
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--reps")) reps = atoi(argv[i + 1]);
  }
  if (reps < 1 || reps > 100) reps = 5;
  FILE* f = fopen(argv[1], "rb");
  if (!f) { fprintf(stderr, "c_ref_bench: cannot open %s\n", argv[1]); return 2; }
  int h[5];
  float lr;
  need(fread(h, 4, 5, f), 5);
  need(fread(&lr, 4, 1, f), 1);
  const int L = h[0], act = h[1], loss = h[2], B = h[3], NB = h[4];
  int* n = (int*)malloc(sizeof(int) * (L + 1));
  need(fread(n, 4, L + 1, f), (size_t)L + 1);
  RefNet* r = ref_create(L, n, act, loss, B, lr);
  for (int l = 0; l < L; ++l) {
    const size_t w = (size_t)n[l] * n[l + 1];
    float* W = (float*)malloc(4 * w);
    float* b = (float*)malloc(4 * (size_t)n[l + 1]);
    need(fread(W, 4, w, f), w);
    need(fread(b, 4, n[l + 1], f), (size_t)n[l + 1]);
    ref_set_layer(r, l, W, b);
    free(W); free(b);
  }
  float** xs = (float**)malloc(sizeof(float*) * NB);
  float** ys = (float**)malloc(sizeof(float*) * NB);
  for (int k = 0; k < NB; ++k) {
    xs[k] = (float*)malloc(4 * (size_t)B * n[0]);
    ys[k] = (float*)malloc(4 * (size_t)B);
    need(fread(xs[k], 4, (size_t)B * n[0], f), (size_t)B * n[0]);
    need(fread(ys[k], 4, B, f), (size_t)B);
  }
  fclose(f);
  const float loss0 = ref_step(r, xs[0], ys[0], 0);
  printf("{\"step0\": {\"loss\": %.9g, \"norms\": [", loss0);
  for (int l = 0; l < L; ++l) printf("%s%.9g", l ? ", " : "", ref_norms(r)[l]);
  printf("]}, ");
  long k = 0;
  for (int i = 0; i < 20; ++i, ++k) ref_step(r, xs[k % NB], ys[k % NB], 1);  /* warm-up */
  double* rates = (double*)malloc(sizeof(double) * reps);
  double* cpu_rates = (double*)malloc(sizeof(double) * reps);
  volatile double sink = 0;
  for (int rep = 0; rep < reps; ++rep) {
    long steps = 0;
    const double t0 = now(), c0 = cpu_now();
    double el = 0;
    do {
      for (int i = 0; i < 10; ++i, ++k) { ref_step(r, xs[k % NB], ys[k % NB], 1); sink += ref_norms(r)[0]; }
      steps += 10;
      el = now() - t0;
    } while (el < seconds / reps);
    rates[rep] = steps / el;
    cpu_rates[rep] = steps / (cpu_now() - c0);
  }
  printf("\"runs\": [");
  for (int rep = 0; rep < reps; ++rep) printf("%s%.1f", rep ? ", " : "", rates[rep]);
  qsort(rates, reps, sizeof(double), cmp);
  qsort(cpu_rates, reps, sizeof(double), cmp);
  printf("], \"steps_per_s\": %.1f, \"cpu_steps_per_s\": %.1f}\n", rates[reps / 2], cpu_rates[reps / 2]);
  return 0;
}
