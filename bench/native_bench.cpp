// gradscope_bench: times training steps of the native engine (single thread) for the
// benchmark (bench/run.mjs). One step = forward + backward + per-step statistics (the
// per-layer gradient norms among them) + update on one mini-batch.
//   gradscope_bench NETWORK.json DATA.csv --batch B --seconds S --reps R [--stats 0|1]
//       [--precision float32|float64] [--lr X] [--optimizer NAME]
// Prints one JSON object: {"steps_per_s": median (wall time), "cpu_steps_per_s": median per
// CPU second, "runs": [...], "diverged": bool}.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <time.h>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/session.hpp"

namespace {

std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) throw gs::Error("cannot open '" + p + "'");
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// This process's CPU time (less disturbed by other jobs on a shared machine than wall time).
double cpu_seconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

template <class T>
nlohmann::json run(const gs::NetworkSpec& spec, std::shared_ptr<const gs::Dataset> data, const gs::TrainConfig& cfg,
                   double seconds, int reps) {
  using clock = std::chrono::steady_clock;
  gs::Trainer<T> tr(spec, data, cfg);
  // warm-up
  for (int i = 0; i < 20; ++i) tr.step();
  std::vector<double> rates, cpu_rates;
  double sink = 0;
  for (int r = 0; r < reps; ++r) {
    long n = 0;
    auto t0 = clock::now();
    const double c0 = cpu_seconds();
    double el = 0;
    do {
      for (int i = 0; i < 10; ++i) {
        tr.step();
        sink += tr.last_columns().values[0];  // every statistic is in this buffer after every step
      }
      n += 10;
      el = std::chrono::duration<double>(clock::now() - t0).count();
    } while (el < seconds / reps);
    rates.push_back(n / el);
    cpu_rates.push_back(n / (cpu_seconds() - c0));
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  return {{"steps_per_s", median(rates)}, {"cpu_steps_per_s", median(cpu_rates)}, {"runs", rates},
          {"diverged", tr.diverged().has_value()}, {"sink", sink > 0}};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 3) throw gs::Error("usage: gradscope_bench NETWORK.json DATA.csv [--batch B] [--seconds S] [--reps R] [--stats 0|1] [--precision P]");
    gs::NetworkSpec spec = gs::parse_network(slurp(argv[1]));
    int batch = 32, reps = 5;
    double seconds = 3, lr = 0.01;
    bool stats = true, f64 = false;
    std::string opt = "sgd";
    for (int i = 3; i + 1 < argc; i += 2) {
      std::string k = argv[i], v = argv[i + 1];
      if (k == "--batch") batch = std::stoi(v);
      else if (k == "--seconds") seconds = std::stod(v);
      else if (k == "--reps") reps = std::stoi(v);
      else if (k == "--stats") stats = v == "1";
      else if (k == "--precision") f64 = v == "float64";
      else if (k == "--lr") lr = std::stod(v);
      else if (k == "--optimizer") opt = v;
      else throw gs::Error("unknown option " + k);
    }
    auto data = std::make_shared<const gs::Dataset>(gs::parse_csv(slurp(argv[2]), argv[2], 0.0, 1));
    gs::TrainConfig cfg;
    cfg.batch = batch;
    cfg.optimizer.name = opt;
    cfg.optimizer.lr = lr;
    cfg.stats = stats;
    cfg.probe_every = 0;
    nlohmann::json r = f64 ? run<double>(spec, data, cfg, seconds, reps) : run<float>(spec, data, cfg, seconds, reps);
    std::cout << r.dump() << '\n';
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "gradscope_bench: " << e.what() << '\n';
    return 2;
  }
}
