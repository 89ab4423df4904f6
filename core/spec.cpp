// Parsing, validation and writing of gradscope-network/1; see spec.hpp.
#include "core/spec.hpp"

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "core/json_fields.hpp"

namespace gs {
namespace {

using json = nlohmann::json;

using field::fail;

const char* type_name(const json& j) { return j.type_name(); }

Activation parse_activation(const json& j, const std::string& path) {
  std::string name;
  const json* obj = nullptr;
  if (j.is_string()) {
    name = j.get<std::string>();
  } else if (j.is_object()) {
    if (!j.contains("name")) fail(path + ".name", "missing; expected one of " + act_names_list());
    name = field::string(j["name"], path + ".name");
    obj = &j;
  } else {
    fail(path, std::string("must be a name or an object with \"name\", got ") + type_name(j));
  }
  Act kind;
  if (!act_from_name(name, &kind)) fail(path + (obj ? ".name" : ""), "unknown activation '" + name + "', expected one of " + act_names_list());
  Activation a = default_activation(kind);
  if (!obj) return a;
  const json& o = *obj;
  switch (kind) {
    case Act::leaky_relu:
      field::known_keys(o, path, {"name", "alpha", "negative_slope"});
      if (o.contains("alpha")) a.alpha = field::number_in(o["alpha"], path + ".alpha", 0, 1e6);
      if (o.contains("negative_slope")) a.alpha = field::number_in(o["negative_slope"], path + ".negative_slope", 0, 1e6);
      break;
    case Act::elu:
      field::known_keys(o, path, {"name", "alpha"});
      if (o.contains("alpha")) {
        double v = field::number(o["alpha"], path + ".alpha");
        if (v < 0) fail(path + ".alpha", "must be >= 0, got " + fmt_num(v));
        if (v > 1e6) fail(path + ".alpha", "must be <= 1000000, got " + fmt_num(v));
        a.alpha = v;
      }
      break;
    case Act::prelu:
      field::known_keys(o, path, {"name", "alpha", "init", "per"});
      if (o.contains("alpha")) a.alpha = field::number_in(o["alpha"], path + ".alpha", -1e6, 1e6);
      if (o.contains("init")) a.alpha = field::number_in(o["init"], path + ".init", -1e6, 1e6);
      if (o.contains("per")) {
        std::string per = field::string(o["per"], path + ".per");
        if (per == "unit") a.per_unit = true;
        else if (per == "layer") a.per_unit = false;
        else fail(path + ".per", "must be \"layer\" or \"unit\", got \"" + per + "\"");
      }
      break;
    case Act::rrelu:
      field::known_keys(o, path, {"name", "lower", "upper"});
      if (o.contains("lower")) a.lower = field::number_in(o["lower"], path + ".lower", 0, 1e6);
      if (o.contains("upper")) a.upper = field::number_in(o["upper"], path + ".upper", 0, 1e6);
      if (a.lower > a.upper) fail(path + ".upper", "must be >= lower (" + fmt_num(a.lower) + "), got " + fmt_num(a.upper));
      break;
    case Act::softplus:
      field::known_keys(o, path, {"name", "beta", "threshold"});
      if (o.contains("beta")) {
        a.beta = field::number_in(o["beta"], path + ".beta", 0, 1e6);
        if (a.beta == 0) fail(path + ".beta", "must be > 0, got 0");
      }
      if (o.contains("threshold")) a.threshold = field::number_in(o["threshold"], path + ".threshold", 0, 1e6);
      break;
    default:
      field::known_keys(o, path, {"name"});
  }
  return a;
}

Loss parse_loss(const json& j) {
  std::string s = field::string(j, "loss");
  if (s == "mse") return Loss::mse;
  if (s == "bce_logits" || s == "bce_with_logits") return Loss::bce_logits;
  if (s == "softmax_ce" || s == "cross_entropy") return Loss::softmax_ce;
  fail("loss", "unknown loss '" + s + "', expected one of mse, bce_logits, softmax_ce");
}

void parse_init(const json& j, NetworkSpec& spec) {
  if (!j.is_object()) fail("init", std::string("must be an object, got ") + type_name(j));
  field::known_keys(j, "init", {"weights", "bias", "seed"});
  if (j.contains("weights")) {
    const json& w = j["weights"];
    WeightInit& wi = spec.init;
    const std::string path = "init.weights";
    if (w.is_string()) {
      wi.name = w.get<std::string>();
    } else if (w.is_object()) {
      field::known_keys(w, path, {"name", "gain", "value", "a", "b", "mean", "std"});
      if (!w.contains("name")) fail(path + ".name", "missing");
      wi.name = field::string(w["name"], path + ".name");
    } else {
      fail(path, std::string("must be a name or an object, got ") + type_name(w));
    }
    static const char* names[] = {"constant", "uniform", "normal", "glorot_uniform", "glorot_normal",
                                  "xavier_uniform", "xavier_normal", "he_uniform", "he_normal",
                                  "kaiming_uniform", "kaiming_normal", "lecun_normal"};
    bool ok = false;
    for (const char* n : names) ok = ok || wi.name == n;
    if (!ok)
      fail(path + (w.is_object() ? ".name" : ""), "unknown initialiser '" + wi.name +
               "', expected one of constant, uniform, normal, glorot_uniform, glorot_normal, he_uniform, "
               "he_normal, lecun_normal (xavier_* = glorot_*, kaiming_* = he_*)");
    if (wi.name.rfind("xavier_", 0) == 0) wi.name = "glorot_" + wi.name.substr(7);
    if (wi.name.rfind("kaiming_", 0) == 0) wi.name = "he_" + wi.name.substr(8);
    wi.gain = wi.name.rfind("he_", 0) == 0 ? std::sqrt(2.0) : 1.0;
    if (w.is_object()) {
      if (w.contains("gain")) wi.gain = field::number_in(w["gain"], path + ".gain", 0, 1e6);
      if (w.contains("value")) wi.value = field::number_in(w["value"], path + ".value", -1e6, 1e6);
      if (w.contains("a")) wi.a = field::number_in(w["a"], path + ".a", -1e6, 1e6);
      if (w.contains("b")) wi.b = field::number_in(w["b"], path + ".b", -1e6, 1e6);
      if (w.contains("mean")) wi.mean = field::number_in(w["mean"], path + ".mean", -1e6, 1e6);
      if (w.contains("std")) wi.std = field::number_in(w["std"], path + ".std", 0, 1e6);
      if (wi.a > wi.b) fail(path + ".b", "must be >= a (" + fmt_num(wi.a) + "), got " + fmt_num(wi.b));
    }
  }
  if (j.contains("bias")) {
    const json& b = j["bias"];
    if (b.is_object()) {
      field::known_keys(b, "init.bias", {"name", "value"});
      if (b.contains("name") && field::string(b["name"], "init.bias.name") != "constant")
        fail("init.bias.name", "must be \"constant\", got " + json_preview(b["name"]));
      if (b.contains("value")) spec.bias_init = field::number_in(b["value"], "init.bias.value", -1e6, 1e6);
    } else {
      spec.bias_init = field::number_in(b, "init.bias", -1e6, 1e6);
    }
  }
  if (j.contains("seed")) {
    spec.seed = field::seed(j["seed"], "init.seed");
  }
}

std::vector<double> parse_vector(const json& j, const std::string& path, size_t n) {
  if (!j.is_array()) fail(path, std::string("must be an array of ") + std::to_string(n) + " numbers, got " + type_name(j));
  if (j.size() != n) fail(path, "must have " + std::to_string(n) + " values, got " + std::to_string(j.size()));
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = field::number(j[i], path + "[" + std::to_string(i) + "]");
  return v;
}

void parse_parameters(const json& j, NetworkSpec& spec) {
  const size_t L = spec.layers.size();
  if (!j.is_array()) fail("parameters", std::string("must be an array with one entry per layer, got ") + type_name(j));
  if (j.size() != L) fail("parameters", "must have " + std::to_string(L) + " entries (one per layer), got " + std::to_string(j.size()));
  spec.parameters.resize(L);
  for (size_t l = 0; l < L; ++l) {
    const std::string path = "parameters[" + std::to_string(l) + "]";
    const json& p = j[l];
    if (!p.is_object()) fail(path, std::string("must be an object with W and b, got ") + type_name(p));
    field::known_keys(p, path, {"W", "b", "alpha", "gamma", "beta", "running_mean", "running_var"});
    const int out = spec.layers[l].units, in = spec.fan_in(static_cast<int>(l));
    if (!p.contains("W")) fail(path + ".W", "missing");
    const json& W = p["W"];
    if (!W.is_array() || W.size() != static_cast<size_t>(out))
      fail(path + ".W", "must be " + std::to_string(out) + " rows (units) of " + std::to_string(in) +
                            " values (fan-in), got " + (W.is_array() ? std::to_string(W.size()) + " rows" : type_name(W)));
    LayerParams& lp = spec.parameters[l];
    lp.W.reserve(static_cast<size_t>(out) * in);
    for (int r = 0; r < out; ++r) {
      auto row = parse_vector(W[r], path + ".W[" + std::to_string(r) + "]", in);
      lp.W.insert(lp.W.end(), row.begin(), row.end());
    }
    if (!p.contains("b")) fail(path + ".b", "missing");
    lp.b = parse_vector(p["b"], path + ".b", out);
    const Activation& act = spec.layers[l].act;
    if (act.kind == Act::prelu) {
      const size_t na = act.per_unit ? static_cast<size_t>(out) : 1;
      if (!p.contains("alpha")) fail(path + ".alpha", "missing: a prelu layer needs " + std::to_string(na) + " slope(s)");
      lp.alpha = parse_vector(p["alpha"], path + ".alpha", na);
    } else if (p.contains("alpha") && !p["alpha"].is_null()) {
      fail(path + ".alpha", "only prelu layers have slopes; layer " + std::to_string(l) + " is " + act_name(act.kind));
    }
    if (spec.layers[l].batchnorm.on) {
      for (const char* k : {"gamma", "beta"})
        if (!p.contains(k)) fail(path + "." + k, "missing: a batch-norm layer needs " + std::to_string(out) + " values");
      lp.gamma = parse_vector(p["gamma"], path + ".gamma", out);
      lp.beta = parse_vector(p["beta"], path + ".beta", out);
      lp.running_mean = p.contains("running_mean") ? parse_vector(p["running_mean"], path + ".running_mean", out)
                                                   : std::vector<double>(out, 0.0);
      lp.running_var = p.contains("running_var") ? parse_vector(p["running_var"], path + ".running_var", out)
                                                 : std::vector<double>(out, 1.0);
      for (int u = 0; u < out; ++u)
        if (lp.running_var[u] < 0)
          fail(path + ".running_var[" + std::to_string(u) + "]", "must be >= 0, got " + fmt_num(lp.running_var[u]));
    } else {
      for (const char* k : {"gamma", "beta", "running_mean", "running_var"})
        if (p.contains(k) && !p[k].is_null())
          fail(path + "." + k, "only batch-norm layers have it; layer " + std::to_string(l) + " has no \"batchnorm\"");
    }
  }
}

}  // namespace

const std::vector<double>& LayerParams::field(const char* name) const {
  const std::vector<double>* found = nullptr;
  for_each([&](const char* n, const std::vector<double>& v) { if (std::strcmp(n, name) == 0) found = &v; });
  if (!found) throw Error(std::string("parameters: no field '") + name + "'");
  return *found;
}
std::vector<double>& LayerParams::field(const char* name) {
  return const_cast<std::vector<double>&>(static_cast<const LayerParams&>(*this).field(name));
}

const char* loss_name(Loss loss) {
  switch (loss) {
    case Loss::mse: return "mse";
    case Loss::bce_logits: return "bce_logits";
    case Loss::softmax_ce: return "softmax_ce";
  }
  return "?";
}

int64_t NetworkSpec::parameter_count() const {
  int64_t n = 0;
  for (size_t l = 0; l < layers.size(); ++l) {
    int64_t out = layers[l].units, in = fan_in(static_cast<int>(l));
    n += out * in + out;
    if (layers[l].act.kind == Act::prelu) n += layers[l].act.per_unit ? out : 1;
    if (layers[l].batchnorm.on) n += 2 * out;
  }
  return n;
}

void validate(const NetworkSpec& spec) {
  if (spec.inputs < 1 || spec.inputs > kMaxInputs)
    fail("inputs", "must be in 1.." + std::to_string(kMaxInputs) + ", got " + std::to_string(spec.inputs));
  if (spec.layers.empty() || static_cast<int>(spec.layers.size()) > kMaxLayers)
    fail("layers", "must hold 1.." + std::to_string(kMaxLayers) + " layers (hidden layers then the output layer), got " +
                       std::to_string(spec.layers.size()));
  for (size_t l = 0; l < spec.layers.size(); ++l) {
    int u = spec.layers[l].units;
    int hi = l + 1 == spec.layers.size() ? kMaxOutputs : kMaxUnits;
    if (u < 1 || u > hi)
      fail("layers[" + std::to_string(l) + "].units", "must be in 1.." + std::to_string(hi) + ", got " + std::to_string(u));
  }
  for (size_t l = 0; l < spec.layers.size(); ++l)
    if (spec.layers[l].residual && spec.fan_in(static_cast<int>(l)) != spec.layers[l].units)
      fail("layers[" + std::to_string(l) + "].residual",
           "an identity skip connection needs the layer's input width (" + std::to_string(spec.fan_in(static_cast<int>(l))) +
               ") to equal its units (" + std::to_string(spec.layers[l].units) + ")");
  if (spec.layers.back().act.kind != Act::identity)
    fail("layers[" + std::to_string(spec.layers.size() - 1) + "].activation",
         "the output layer is linear (its sigmoid or softmax belongs to the loss); remove the activation");
  if (spec.loss == Loss::softmax_ce && spec.outputs() < 2)
    fail("layers[" + std::to_string(spec.layers.size() - 1) + "].units", "softmax_ce needs at least 2 output units, got " +
                                                                                std::to_string(spec.outputs()));
  int64_t p = spec.parameter_count();
  if (p > kMaxParameters)
    fail("layers", "the network has " + std::to_string(p) + " parameters, more than the limit of " +
                       std::to_string(kMaxParameters));
}

NetworkSpec parse_network(const std::string& text) {
  const json j = parse_json(text, "network");
  if (!j.is_object()) fail("network", std::string("must be a JSON object, got ") + type_name(j));
  // Unknown top-level keys are ignored (files may carry their own metadata); unknown keys
  // inside layers, activations and init are errors, so a typo never passes silently.
  if (!j.contains("format")) fail("format", "missing; expected \"gradscope-network/1\"");
  if (field::string(j["format"], "format") != "gradscope-network/1")
    fail("format", "must be \"gradscope-network/1\", got " + json_preview(j["format"]));
  NetworkSpec spec;
  if (!j.contains("inputs")) fail("inputs", "missing; the input width, 1.." + std::to_string(kMaxInputs));
  spec.inputs = field::integer_in(j["inputs"], "inputs", 1, kMaxInputs);
  if (!j.contains("layers")) fail("layers", "missing; hidden layers then the output layer");
  const json& layers = j["layers"];
  if (!layers.is_array()) fail("layers", std::string("must be an array, got ") + type_name(layers));
  if (layers.empty() || layers.size() > static_cast<size_t>(kMaxLayers))
    fail("layers", "must hold 1.." + std::to_string(kMaxLayers) + " layers, got " + std::to_string(layers.size()));
  for (size_t l = 0; l < layers.size(); ++l) {
    const std::string path = "layers[" + std::to_string(l) + "]";
    const json& lj = layers[l];
    if (!lj.is_object()) fail(path, std::string("must be an object like {\"units\": 16, \"activation\": \"relu\"}, got ") + type_name(lj));
    field::known_keys(lj, path, {"units", "activation", "batchnorm", "residual"});
    LayerSpec ls;
    const bool last = l + 1 == layers.size();
    if (!lj.contains("units")) fail(path + ".units", "missing");
    ls.units = field::integer_in(lj["units"], path + ".units", 1, last ? kMaxOutputs : kMaxUnits);
    if (lj.contains("activation") && !lj["activation"].is_null()) {
      ls.act = parse_activation(lj["activation"], path + ".activation");
      if (last && ls.act.kind != Act::identity)
        fail(path + ".activation", "the output layer is linear (its sigmoid or softmax belongs to the loss), got " +
                                       std::string(act_name(ls.act.kind)));
    } else if (!last) {
      fail(path + ".activation", "missing; expected one of " + act_names_list());
    }
    if (lj.contains("batchnorm") && !lj["batchnorm"].is_null()) {
      const json& bn = lj["batchnorm"];
      const std::string bp = path + ".batchnorm";
      if (bn.is_boolean()) {
        ls.batchnorm.on = bn.get<bool>();
      } else if (bn.is_object()) {
        field::known_keys(bn, bp, {"momentum", "eps"});
        ls.batchnorm.on = true;
        if (bn.contains("momentum")) ls.batchnorm.momentum = field::number_in(bn["momentum"], bp + ".momentum", 0, 1);
        if (bn.contains("eps")) {
          ls.batchnorm.eps = field::number_in(bn["eps"], bp + ".eps", 0, 1);
          if (ls.batchnorm.eps == 0) fail(bp + ".eps", "must be > 0, got 0");
        }
      } else {
        fail(bp, std::string("must be true, false or an object {\"momentum\", \"eps\"}, got ") + type_name(bn));
      }
      if (last && ls.batchnorm.on) fail(bp, "the output layer cannot have batch normalisation (it is linear)");
    }
    if (lj.contains("residual") && !lj["residual"].is_null()) {
      ls.residual = field::boolean(lj["residual"], path + ".residual");
      if (last && ls.residual) fail(path + ".residual", "the output layer cannot have a skip connection");
    }
    spec.layers.push_back(ls);
  }
  if (!j.contains("loss")) fail("loss", "missing; expected one of mse, bce_logits, softmax_ce");
  spec.loss = parse_loss(j["loss"]);
  if (j.contains("init")) parse_init(j["init"], spec);
  validate(spec);  // sizes first, so parameters are never read for an oversized network
  if (j.contains("parameters") && !j["parameters"].is_null()) parse_parameters(j["parameters"], spec);
  return spec;
}

std::string network_to_json(const NetworkSpec& spec, bool pretty) {
  json j;
  j["format"] = "gradscope-network/1";
  j["inputs"] = spec.inputs;
  json layers = json::array();
  for (size_t l = 0; l < spec.layers.size(); ++l) {
    const LayerSpec& ls = spec.layers[l];
    json lj;
    lj["units"] = ls.units;
    if (l + 1 < spec.layers.size()) {
      const Activation& a = ls.act;
      json aj;
      aj["name"] = act_name(a.kind);
      switch (a.kind) {
        case Act::leaky_relu: case Act::elu: aj["alpha"] = a.alpha; break;
        case Act::prelu: aj["alpha"] = a.alpha; aj["per"] = a.per_unit ? "unit" : "layer"; break;
        case Act::rrelu: aj["lower"] = a.lower; aj["upper"] = a.upper; break;
        case Act::softplus: aj["beta"] = a.beta; aj["threshold"] = a.threshold; break;
        default: aj = act_name(a.kind);
      }
      lj["activation"] = aj;
      if (ls.batchnorm.on) lj["batchnorm"] = {{"momentum", ls.batchnorm.momentum}, {"eps", ls.batchnorm.eps}};
      if (ls.residual) lj["residual"] = true;
    }
    layers.push_back(lj);
  }
  j["layers"] = layers;
  j["loss"] = loss_name(spec.loss);
  json w;
  w["name"] = spec.init.name;
  if (spec.init.name == "constant") w["value"] = spec.init.value;
  else if (spec.init.name == "uniform") { w["a"] = spec.init.a; w["b"] = spec.init.b; }
  else if (spec.init.name == "normal") { w["mean"] = spec.init.mean; w["std"] = spec.init.std; }
  else w["gain"] = spec.init.gain;
  j["init"] = {{"weights", w}, {"bias", spec.bias_init}, {"seed", spec.seed}};
  if (!spec.parameters.empty()) {
    json ps = json::array();
    for (size_t l = 0; l < spec.parameters.size(); ++l) {
      const LayerParams& lp = spec.parameters[l];
      const int out = spec.layers[l].units, in = spec.fan_in(static_cast<int>(l));
      json W = json::array();
      for (int r = 0; r < out; ++r)
        W.push_back(std::vector<double>(lp.W.begin() + static_cast<ptrdiff_t>(r) * in, lp.W.begin() + static_cast<ptrdiff_t>(r + 1) * in));
      json pj = {{"W", W}, {"b", lp.b}};
      if (spec.layers[l].act.kind == Act::prelu) pj["alpha"] = lp.alpha;
      if (spec.layers[l].batchnorm.on) {
        pj["gamma"] = lp.gamma;
        pj["beta"] = lp.beta;
        pj["running_mean"] = lp.running_mean;
        pj["running_var"] = lp.running_var;
      }
      ps.push_back(pj);
    }
    j["parameters"] = ps;
  }
  return pretty ? j.dump(2) : j.dump();
}

}  // namespace gs
