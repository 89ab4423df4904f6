// gradscope: the command-line front end of the core.
//   gradscope grad NETWORK.json BATCH.json [--precision float32|float64] [--mode eval|train]
//   gradscope train NETWORK.json --data NAME|FILE.csv --steps N [--batch B]
//       [--optimizer NAME] [--lr X] [--precision P] [--every K] [--format csv|jsonl]
//       [--seed S] [--samples N] [--noise X] [--test-fraction X] [--clip X]
//       [--weight-decay X] [--config CONFIG.json]
//   gradscope probe [--n N] [--factors uniform|derivative] [--activation NAME] [--z-std X] [--seed S]
//   gradscope export torch NETWORK.json [--precision float32|float64] [--batch BATCH.json] [--output FILE.py]
// Bad input: exit status 2 and one line on stderr; stdout gets nothing partial.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/export/torch.hpp"
#include "core/session.hpp"

namespace {

using gs::Error;

const char* kUsage =
    "usage: gradscope grad NETWORK.json BATCH.json [--precision float32|float64] [--mode eval|train]\n"
    "       gradscope train NETWORK.json --data NAME|FILE.csv --steps N [--batch B] [--optimizer NAME]\n"
    "                 [--lr X] [--precision P] [--every K] [--format csv|jsonl] [--seed S] [--samples N]\n"
    "                 [--noise X] [--test-fraction X] [--clip X] [--weight-decay X] [--config CONFIG.json]\n"
    "       gradscope probe [--n N] [--factors uniform|derivative] [--activation NAME] [--z-std X] [--seed S]\n"
    "       gradscope export torch NETWORK.json [--precision float32|float64] [--batch BATCH.json] [--output FILE.py]\n";

std::string read_input(const std::string& path, const char* what) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(std::string(what) + ": cannot open '" + path + "'");
  f.seekg(0, std::ios::end);
  if (f.tellg() > 256LL * 1024 * 1024) throw Error(std::string(what) + ": '" + path + "' is larger than 256 MiB");
  f.seekg(0);
  ss << f.rdbuf();
  return ss.str();
}

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
};

Args parse_args(int argc, char** argv, int first, const std::vector<std::string>& allowed) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s.size() > 2 && s.rfind("--", 0) == 0) {
      std::string key = s.substr(2), value;
      auto eq = key.find('=');
      if (eq != std::string::npos) { value = key.substr(eq + 1); key = key.substr(0, eq); }
      else {
        if (i + 1 >= argc) throw Error("--" + key + ": missing value");
        value = argv[++i];
      }
      bool ok = false;
      for (const auto& k : allowed) ok = ok || k == key;
      if (!ok) {
        std::string list;
        for (const auto& k : allowed) list += (list.empty() ? "--" : ", --") + k;
        throw Error("--" + key + ": unknown option, expected one of " + list);
      }
      a.options[key] = value;
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

double to_double(const std::string& s, const std::string& opt) {
  try {
    size_t used = 0;
    double v = std::stod(s, &used);
    if (used != s.size()) throw std::invalid_argument(s);
    return v;
  } catch (const std::exception&) {
    throw Error("--" + opt + ": must be a number, got '" + s + "'");
  }
}

long long to_int(const std::string& s, const std::string& opt, long long lo, long long hi) {
  try {
    size_t used = 0;
    long long v = std::stoll(s, &used);
    if (used != s.size()) throw std::invalid_argument(s);
    if (v < lo || v > hi) throw Error("--" + opt + ": must be in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " + s);
    return v;
  } catch (const Error&) {
    throw;
  } catch (const std::exception&) {
    throw Error("--" + opt + ": must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" + s + "'");
  }
}

gs::Precision precision_of(const Args& a) {
  auto it = a.options.find("precision");
  if (it == a.options.end() || it->second == "float32") return gs::Precision::float32;
  if (it->second == "float64") return gs::Precision::float64;
  throw Error("--precision: must be float32 or float64, got '" + it->second + "'");
}

int cmd_grad(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"precision", "mode"});
  if (a.positional.size() != 2) throw Error("grad: expected NETWORK.json BATCH.json (either may be '-')");
  if (a.positional[0] == "-" && a.positional[1] == "-") throw Error("grad: only one of NETWORK.json and BATCH.json can be '-'");
  gs::NetworkSpec spec = gs::parse_network(read_input(a.positional[0], "network"));
  gs::Mode mode = gs::Mode::eval;
  if (auto it = a.options.find("mode"); it != a.options.end()) {
    if (it->second == "train") mode = gs::Mode::train;
    else if (it->second != "eval") throw Error("--mode: must be eval or train, got '" + it->second + "'");
  }
  std::string out = gs::grad_report(spec, read_input(a.positional[1], "batch"), precision_of(a), mode);
  std::cout << out << '\n';
  return 0;
}

template <class T>
int run_train(const gs::NetworkSpec& spec, const gs::SessionConfig& cfg, std::shared_ptr<const gs::Dataset> data,
              long steps, long every, bool csv) {
  gs::Trainer<T> tr(spec, std::move(data), cfg.train);
  const auto& fields = gs::history_layer_fields();
  std::ostringstream out;
  out.precision(9);
  if (csv) {
    out << "step,loss,accuracy,test_loss,test_accuracy,layer";
    for (const auto& f : fields) out << ',' << f;
    out << ",dW_ratio,dz_ratio,act_min,act_max,W_norm,predicted_ratio\n";
  }
  auto put = [&](double v) { if (v == v) out << v; };
  for (long s = 1; s <= steps; ++s) {
    const bool ok = tr.step();
    if (!ok || s % every == 0 || s == steps) {
      gs::Metrics test = tr.evaluate(true);
      if (csv) {
        const gs::StepStats& st = tr.last();
        for (const gs::LayerStats& l : st.layers) {
          out << st.step << ','; put(st.loss); out << ','; put(st.accuracy); out << ',';
          put(test.loss); out << ','; put(test.accuracy); out << ',' << l.index;
          const double v[] = {l.dW_norm, l.db_norm, l.dz_norm, l.act_mean, l.act_std, l.saturated_fraction,
                              l.zero_fraction, l.mean_abs_deriv, l.same_sign_share, l.update_ratio,
                              l.dead_units < 0 ? gs::kNull : l.dead_units, l.dW_ratio, l.dz_ratio, l.act_min, l.act_max,
                              l.W_norm, l.predicted_ratio};
          for (double x : v) { out << ','; put(x); }
          out << '\n';
        }
      } else {
        nlohmann::json j = nlohmann::json::parse(gs::step_json(tr));
        j["test_loss"] = test.loss;
        j["test_accuracy"] = test.accuracy;
        out << j.dump() << '\n';
      }
      std::cout << out.str();
      std::cout.flush();
      out.str("");
    }
    if (!ok) {
      std::cerr << "gradscope: " << tr.diverged()->message << '\n';
      return 3;
    }
  }
  return 0;
}

int cmd_train(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"data", "steps", "batch", "optimizer", "lr", "precision", "every", "format", "seed",
                                      "samples", "noise", "test-fraction", "clip", "weight-decay", "config"});
  if (a.positional.size() != 1) throw Error("train: expected one NETWORK.json (or '-')");
  gs::NetworkSpec spec = gs::parse_network(read_input(a.positional[0], "network"));
  gs::SessionConfig cfg = gs::parse_session_config(a.options.count("config") ? read_input(a.options["config"], "config") : "");
  if (!a.options.count("data") && !a.options.count("config")) throw Error("--data: missing; a dataset name (" +
      [] { std::string s; for (const auto& n : gs::dataset_names()) s += (s.empty() ? "" : ", ") + n; return s; }() + ") or a .csv file");
  if (!a.options.count("steps")) throw Error("--steps: missing; the number of training steps, 1..100000000");
  const long steps = static_cast<long>(to_int(a.options["steps"], "steps", 1, 100000000));
  const long every = a.options.count("every") ? static_cast<long>(to_int(a.options["every"], "every", 1, 100000000)) : 1;
  if (a.options.count("batch")) cfg.train.batch = static_cast<int>(to_int(a.options["batch"], "batch", 1, gs::kMaxBatch));
  if (a.options.count("optimizer")) cfg.train.optimizer.name = a.options["optimizer"];
  if (a.options.count("lr")) cfg.train.optimizer.lr = to_double(a.options["lr"], "lr");
  if (a.options.count("clip")) cfg.train.optimizer.clip_norm = to_double(a.options["clip"], "clip");
  if (a.options.count("weight-decay")) cfg.train.optimizer.weight_decay = to_double(a.options["weight-decay"], "weight-decay");
  if (a.options.count("seed")) cfg.train.seed = cfg.data.seed = static_cast<uint64_t>(to_int(a.options["seed"], "seed", 0, 1LL << 62));
  if (a.options.count("samples")) cfg.data.samples = static_cast<int>(to_int(a.options["samples"], "samples", 10, gs::kMaxDataRows));
  if (a.options.count("noise")) cfg.data.noise = to_double(a.options["noise"], "noise");
  if (a.options.count("test-fraction")) cfg.data.test_fraction = to_double(a.options["test-fraction"], "test-fraction");
  if (a.options.count("precision")) cfg.precision = precision_of(a);
  gs::validate(cfg.train);
  std::string format = a.options.count("format") ? a.options["format"] : "jsonl";
  if (format != "jsonl" && format != "csv") throw Error("--format: must be csv or jsonl, got '" + format + "'");
  std::shared_ptr<const gs::Dataset> data;
  if (a.options.count("data")) {
    const std::string& d = a.options["data"];
    if (d.size() > 4 && d.substr(d.size() - 4) == ".csv") {
      data = std::make_shared<const gs::Dataset>(gs::load_csv_file(d, cfg.data.test_fraction, cfg.data.seed));
    } else {
      cfg.data.name = d;
      data = gs::load_dataset(cfg);
    }
  } else {
    data = gs::load_dataset(cfg);
  }
  if (cfg.precision == gs::Precision::float64) return run_train<double>(spec, cfg, data, steps, every, format == "csv");
  return run_train<float>(spec, cfg, data, steps, every, format == "csv");
}

int cmd_probe(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"n", "factors", "activation", "z-std", "seed"});
  if (!a.positional.empty()) throw Error("probe: unexpected argument '" + a.positional[0] + "'");
  int n = a.options.count("n") ? static_cast<int>(to_int(a.options["n"], "n", 1, 100000)) : 50;
  std::string factors = a.options.count("factors") ? a.options["factors"] : "uniform";
  gs::Activation act = gs::default_activation(gs::Act::sigmoid);
  if (a.options.count("activation")) {
    gs::Act k;
    if (!gs::act_from_name(a.options["activation"], &k))
      throw Error("--activation: unknown activation '" + a.options["activation"] + "', expected one of " + gs::act_names_list());
    act = gs::default_activation(k);
    if (!a.options.count("factors")) factors = "derivative";
  }
  double z_std = a.options.count("z-std") ? to_double(a.options["z-std"], "z-std") : 1.0;
  uint64_t seed = a.options.count("seed") ? static_cast<uint64_t>(to_int(a.options["seed"], "seed", 0, 1LL << 62)) : 1;
  gs::ProductExperiment r = gs::product_experiment(factors, act, n, z_std, seed);
  nlohmann::json j = {{"n", n}, {"factors_from", factors}, {"activation", factors == "uniform" ? "" : gs::act_name(act.kind)},
                      {"factors", r.factors}, {"log10_product", r.log10_product},
                      {"log10_sigmoid_bound", r.log10_sigmoid_bound}, {"product", std::pow(10.0, r.log10_product.back())}};
  std::cout << j.dump() << '\n';
  return 0;
}

int cmd_export(int argc, char** argv) {
  if (argc < 3 || std::string(argv[2]) != "torch")
    throw Error(std::string("export: expected a target, 'torch' (gradscope export torch NETWORK.json)") +
                (argc >= 3 ? ", got '" + std::string(argv[2]) + "'" : ""));
  Args a = parse_args(argc, argv, 3, {"precision", "batch", "output"});
  if (a.positional.size() != 1) throw Error("export torch: expected one NETWORK.json (or '-')");
  gs::NetworkSpec spec = gs::parse_network(read_input(a.positional[0], "network"));
  gs::TorchExportOptions options;
  options.precision = precision_of(a);
  if (auto it = a.options.find("batch"); it != a.options.end()) {
    if (it->second == "-" && a.positional[0] == "-") throw Error("export torch: only one of NETWORK.json and --batch can be '-'");
    options.batch_json = read_input(it->second, "batch");
  }
  const std::string text = gs::torch_script(spec, options);
  if (auto it = a.options.find("output"); it != a.options.end() && it->second != "-") {
    std::ofstream f(it->second, std::ios::binary);
    if (!f || !(f << text) || !f.flush()) throw Error("--output: cannot write '" + it->second + "'");
    return 0;
  }
  std::cout << text;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 2) throw Error("missing command, expected grad, train, probe or export (gradscope --help shows the usage)");
    std::string cmd = argv[1];
    if (cmd == "grad") return cmd_grad(argc, argv);
    if (cmd == "train") return cmd_train(argc, argv);
    if (cmd == "probe") return cmd_probe(argc, argv);
    if (cmd == "export") return cmd_export(argc, argv);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") { std::cout << kUsage; return 0; }
    throw Error("unknown command '" + cmd + "', expected grad, train, probe or export");
  } catch (const gs::Error& e) {
    std::cerr << "gradscope: " << e.what() << '\n';
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "gradscope: out of memory\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "gradscope: " << e.what() << '\n';
    return 2;
  }
}
