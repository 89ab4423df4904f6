// The PyTorch exporter; see torch.hpp. The Python text is written in three parts: the
// fixed helpers (Block, load/save, check, main), the network's own layers, and the data
// (the network file with its weights, the example batch).
#include "core/export/torch.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "core/network.hpp"
#include "core/rng.hpp"

namespace gs {
namespace {

using nlohmann::json;

// A double as Python reads it back bit for bit (nlohmann writes the shortest round-trip
// form: 0.01, 1.0, 0.3333333333333333).
std::string py(double v) { return json(v).dump(); }

// The activation as PyTorch's own module, with every parameter.
std::string torch_activation(const Activation& a, int units) {
  switch (a.kind) {
    case Act::identity: return "nn.Identity()";
    case Act::sigmoid: return "nn.Sigmoid()";
    case Act::tanh: return "nn.Tanh()";
    case Act::relu: return "nn.ReLU()";
    case Act::leaky_relu: return "nn.LeakyReLU(negative_slope=" + py(a.alpha) + ")";
    case Act::prelu:
      return "nn.PReLU(num_parameters=" + std::to_string(a.per_unit ? units : 1) + ", init=" + py(a.alpha) + ")";
    case Act::rrelu: return "nn.RReLU(lower=" + py(a.lower) + ", upper=" + py(a.upper) + ")";
    case Act::elu: return "nn.ELU(alpha=" + py(a.alpha) + ")";
    case Act::selu: return "nn.SELU()";
    case Act::gelu: return "nn.GELU()";  // the exact erf form (approximate="none")
    case Act::softplus: return "nn.Softplus(beta=" + py(a.beta) + ", threshold=" + py(a.threshold) + ")";
    case Act::silu: return "nn.SiLU()";
  }
  throw Error("export: unknown activation");
}

struct TorchLoss {
  const char* module;
  const char* meaning;
};

TorchLoss torch_loss(Loss loss) {
  switch (loss) {
    case Loss::mse: return {"nn.MSELoss()", "mean over the batch and the outputs"};
    case Loss::bce_logits: return {"nn.BCEWithLogitsLoss()", "sigmoid and binary cross-entropy, mean over the batch and the outputs"};
    case Loss::softmax_ce: return {"nn.CrossEntropyLoss()", "softmax and cross-entropy, mean over the batch; class indices or rows of probabilities"};
  }
  throw Error("export: unknown loss");
}

// "sigmoid x 3 (16 units), relu (8 units, batch norm, skip)": runs of equal layers.
std::string summary(const NetworkSpec& spec) {
  std::string s;
  const int H = spec.hidden();
  for (int l = 0; l < H;) {
    const LayerSpec& a = spec.layers[l];
    int n = 1;
    while (l + n < H) {
      const LayerSpec& b = spec.layers[l + n];
      if (b.units != a.units || b.act.kind != a.act.kind || b.batchnorm.on != a.batchnorm.on || b.residual != a.residual) break;
      ++n;
    }
    if (!s.empty()) s += ", ";
    s += std::string(act_name(a.act.kind)) + (n > 1 ? " x " + std::to_string(n) : "") + " (" + std::to_string(a.units) + " units";
    if (a.batchnorm.on) s += ", batch norm";
    if (a.residual) s += ", skip";
    s += ")";
    l += n;
  }
  return s.empty() ? "no hidden layers" : s;
}

// The network file with its weights, one weight row per line (JSON, read by json.loads).
std::string network_text(const NetworkSpec& spec) {
  NetworkSpec arch = spec;
  arch.parameters.clear();
  std::string head = network_to_json(arch, false);
  head.pop_back();  // the closing brace; "parameters" follows
  std::ostringstream o;
  o << head << ",\n\"parameters\": [\n";
  const auto row = [](const std::vector<double>& v, size_t from, size_t n) {
    return json(std::vector<double>(v.begin() + static_cast<ptrdiff_t>(from), v.begin() + static_cast<ptrdiff_t>(from + n))).dump();
  };
  for (size_t l = 0; l < spec.parameters.size(); ++l) {
    const LayerParams& p = spec.parameters[l];
    const int out = spec.layers[l].units, in = spec.fan_in(static_cast<int>(l));
    o << " {\"W\": [\n";
    for (int r = 0; r < out; ++r) o << "   " << row(p.W, static_cast<size_t>(r) * in, in) << (r + 1 < out ? ",\n" : "],\n");
    o << "  \"b\": " << json(p.b).dump();
    if (spec.layers[l].act.kind == Act::prelu) o << ",\n  \"alpha\": " << json(p.alpha).dump();
    if (spec.layers[l].batchnorm.on) {
      o << ",\n  \"gamma\": " << json(p.gamma).dump() << ",\n  \"beta\": " << json(p.beta).dump();
      o << ",\n  \"running_mean\": " << json(p.running_mean).dump() << ",\n  \"running_var\": " << json(p.running_var).dump();
    }
    o << "}" << (l + 1 < spec.parameters.size() ? ",\n" : "\n");
  }
  o << "]}";
  return o.str();
}

template <class T>
NetworkSpec with_parameters(const NetworkSpec& spec) {
  NetworkSpec s = Network<T>(spec).export_spec();
  for (size_t l = 0; l < s.parameters.size(); ++l) {
    const LayerParams& p = s.parameters[l];
    for (const auto* v : {&p.W, &p.b, &p.alpha, &p.gamma, &p.beta, &p.running_mean, &p.running_var})
      for (double x : *v)
        if (!std::isfinite(x))
          throw Error("parameters[" + std::to_string(l) + "]: holds NaN or Inf (the network diverged); reset it or load finite weights before exporting");
  }
  return s;
}

const char* kHelpers = R"PY(

class Block(nn.Module):
    """One hidden layer as gradscope computes it: z = linear(x), batch norm of z if the layer
    has it, a = activation(z), and a + x if the layer has a skip connection."""

    def __init__(self, linear, activation, batchnorm=None, residual=False):
        super().__init__()
        self.linear = linear
        self.batchnorm = batchnorm
        self.activation = activation
        self.residual = residual

    def forward(self, x):
        z = self.linear(x)
        if self.batchnorm is not None:
            z = self.batchnorm(z)
        a = self.activation(z)
        return a + x if self.residual else a


def build_model():
    """The network with the exported weights, in DTYPE, in evaluation mode."""
    model = Network().to(DTYPE)
    load_network(model, NETWORK)
    return model.eval()


def load_network(model, network):
    """Copies the weights of a gradscope-network/1 document (its "parameters") into model."""
    params = network["parameters"]
    blocks = list(model.hidden)
    if len(params) != len(blocks) + 1:
        raise ValueError(f"parameters: must hold {len(blocks) + 1} layers, got {len(params)}")

    def put(target, values, name):
        source = torch.tensor(values, dtype=torch.float64)
        if source.shape != target.shape:
            raise ValueError(f"{name}: must have shape {list(target.shape)}, got {list(source.shape)}")
        target.copy_(source)

    with torch.no_grad():
        for i, (block, p) in enumerate(zip(blocks + [model.output], params)):
            linear = block if i == len(blocks) else block.linear
            put(linear.weight, p["W"], f"parameters[{i}].W")
            put(linear.bias, p["b"], f"parameters[{i}].b")
            if i == len(blocks):
                continue
            if isinstance(block.activation, nn.PReLU):
                put(block.activation.weight, p["alpha"], f"parameters[{i}].alpha")
            if block.batchnorm is not None:
                bn = block.batchnorm
                for name, target in (("gamma", bn.weight), ("beta", bn.bias),
                                     ("running_mean", bn.running_mean), ("running_var", bn.running_var)):
                    if name in p:
                        put(target, p[name], f"parameters[{i}].{name}")


def to_network(model):
    """The model as a gradscope-network/1 document: this file's architecture with the
    model's current weights (gradscope's CLI and page open it: Import)."""
    doc = {key: value for key, value in NETWORK.items() if key != "parameters"}

    def values(t):
        return t.detach().to(torch.float64).tolist()

    params = []
    for block in model.hidden:
        p = {"W": values(block.linear.weight), "b": values(block.linear.bias)}
        if isinstance(block.activation, nn.PReLU):
            p["alpha"] = values(block.activation.weight)
        if block.batchnorm is not None:
            bn = block.batchnorm
            p.update(gamma=values(bn.weight), beta=values(bn.bias),
                     running_mean=values(bn.running_mean), running_var=values(bn.running_var))
        params.append(p)
    params.append({"W": values(model.output.weight), "b": values(model.output.bias)})
    doc["parameters"] = params
    return doc


def save_network(model, path):
    """Writes to_network(model) to path (every weight exactly: Python writes the shortest
    decimal that reads back to the same double)."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(to_network(model), f, allow_nan=False)
        f.write("\n")


def batch_tensors(batch):
    """x and the target of a batch {"x": [[...]], "y": [[...]] or [class, ...]}."""
    x = torch.tensor(batch["x"], dtype=DTYPE)
    y = batch["y"]
    if len(y) and not isinstance(y[0], (list, tuple)):
        return x, torch.tensor(y, dtype=torch.long)  # class indices (softmax_ce)
    return x, torch.tensor(y, dtype=DTYPE)


def check(batch=None, mode="eval", model=None):
    """One forward and backward pass, as `gradscope grad NETWORK.json BATCH.json --mode MODE`
    computes it, with the same fields: "loss", "output" (before the loss's sigmoid or
    softmax) and per layer (hidden layers, then the output layer) "dW" and "db" (shaped like
    nn.Linear's weight and bias), "dalpha" (PReLU slopes, else None), "dgamma" and "dbeta"
    (batch norm). batch defaults to EXAMPLE_BATCH, model to build_model().

    mode "eval" is model.eval(): batch norm uses its running statistics, RReLU the fixed
    slope (lower + upper) / 2. "train" is model.train(): batch norm uses the batch's
    statistics (and updates its running ones, as PyTorch does); RReLU draws a random slope
    per element, so its gradients equal gradscope's only when lower == upper. A batch of one
    row keeps batch norm on its running statistics, as gradscope does (PyTorch refuses to
    normalise one row)."""
    if mode not in ("eval", "train"):
        raise ValueError(f"mode: must be eval or train, got {mode!r}")
    model = build_model() if model is None else model
    x, target = batch_tensors(EXAMPLE_BATCH if batch is None else batch)
    model.train(mode == "train")
    if mode == "train" and x.shape[0] == 1:
        for block in model.hidden:
            if block.batchnorm is not None:
                block.batchnorm.eval()
    model.zero_grad(set_to_none=False)
    output = model(x)
    loss = LOSS(output, target)
    loss.backward()

    def grad(parameter):
        g = parameter.grad if parameter.grad is not None else torch.zeros_like(parameter)
        return g.detach().to(torch.float64).tolist()

    layers = []
    for block in model.hidden:
        layer = {"dW": grad(block.linear.weight), "db": grad(block.linear.bias),
                 "dalpha": grad(block.activation.weight) if isinstance(block.activation, nn.PReLU) else None}
        if block.batchnorm is not None:
            layer["dgamma"] = grad(block.batchnorm.weight)
            layer["dbeta"] = grad(block.batchnorm.bias)
        layers.append(layer)
    layers.append({"dW": grad(model.output.weight), "db": grad(model.output.bias)})
    return {"loss": loss.item(), "output": output.detach().to(torch.float64).tolist(), "layers": layers}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("batch", nargs="?", help='a batch file {"x": [[...]], "y": [...]} '
                        "(default: EXAMPLE_BATCH in this file)")
    parser.add_argument("--mode", choices=("eval", "train"), default="eval",
                        help="evaluation (running statistics) or training mode (default eval)")
    parser.add_argument("--save-network", metavar="OUT.json",
                        help="write the weights as a gradscope-network/1 file instead")
    args = parser.parse_args(argv)
    if args.save_network:
        save_network(build_model(), args.save_network)
        return
    batch = None
    if args.batch:
        with open(args.batch, encoding="utf-8") as f:
            batch = json.load(f)
    print(json.dumps(check(batch, args.mode)))
)PY";

}  // namespace

std::string example_batch_json(const NetworkSpec& spec) {
  constexpr int kRows = 4;
  Pcg32 rng(spec.seed, 0x746f726368ULL);  // its own stream: "torch"
  const auto value = [&] { return static_cast<double>(static_cast<int>(rng.below(2001)) - 1000) / 1000.0; };
  json x = json::array(), y = json::array();
  for (int r = 0; r < kRows; ++r) {
    json row = json::array();
    for (int c = 0; c < spec.inputs; ++c) row.push_back(value());
    x.push_back(row);
  }
  const int K = spec.outputs();
  for (int r = 0; r < kRows; ++r) {
    if (spec.loss == Loss::softmax_ce) { y.push_back(static_cast<int>(rng.below(static_cast<uint32_t>(K)))); continue; }
    json row = json::array();
    for (int k = 0; k < K; ++k) row.push_back(spec.loss == Loss::bce_logits ? static_cast<double>(rng.below(2)) : value());
    y.push_back(row);
  }
  return json{{"x", x}, {"y", y}}.dump();
}

std::string torch_script(const NetworkSpec& spec_in, const TorchExportOptions& options) {
  validate(spec_in);
  const bool f64 = options.precision == Precision::float64;
  const NetworkSpec spec = f64 ? with_parameters<double>(spec_in) : with_parameters<float>(spec_in);
  const std::string batch = options.batch_json.empty() ? example_batch_json(spec) : options.batch_json;
  grad_report(spec, batch, options.precision);  // validates the batch (errors name its fields)
  const json batch_doc = json::parse(batch);
  const char* precision = f64 ? "float64" : "float32";
  const TorchLoss loss = torch_loss(spec.loss);
  const int H = spec.hidden();

  std::ostringstream o;
  o << "#!/usr/bin/env python3\n"
    << "\"\"\"A gradscope network as a PyTorch module: " << spec.inputs << " inputs -> " << summary(spec) << " -> "
    << spec.outputs() << (spec.outputs() == 1 ? " output" : " outputs") << ".\n\n"
    << "Written by gradscope (`gradscope export torch NETWORK.json`, or Export -> PyTorch in the\n"
    << "playground) from a gradscope-network/1 file, with its weights; loss " << loss_name(spec.loss) << " ("
    << loss.module << "), " << precision << ".\n\n"
    << "  python3 gradscope_network.py                    # loss and gradients of EXAMPLE_BATCH, as JSON\n"
    << "  python3 gradscope_network.py BATCH.json --mode train\n"
    << "  python3 gradscope_network.py --save-network OUT.json   # the weights, for gradscope's Import\n\n"
    << "The JSON has the fields of `gradscope grad NETWORK.json BATCH.json --precision " << precision << "`\n"
    << "(loss, output, and per layer dW, db, dalpha, dgamma, dbeta), to compare number for number.\n"
    << "From your own code:\n\n"
    << "  from gradscope_network import build_model, check, save_network, LOSS\n"
    << "  model = build_model()               # an nn.Module holding the exported weights\n"
    << "  ...                                 # train it with any torch.optim optimiser\n"
    << "  save_network(model, \"trained.json\") # and watch it again in gradscope\n\n"
    << "Needs PyTorch (Debian: apt install python3-torch; elsewhere: pip install torch).\n\"\"\"\n"
    << "import argparse\nimport json\n\nimport torch\nfrom torch import nn\n\n"
    << "DTYPE = torch." << precision << "  # gradscope's precision when this file was written\n\n"
    << "# gradscope's loss \"" << loss_name(spec.loss) << "\": " << loss.meaning << ".\n"
    << "LOSS = " << loss.module << "\n\n\n"
    << "class Network(nn.Module):\n"
    << "    \"\"\"" << spec.inputs << " inputs, " << H << " hidden layer" << (H == 1 ? "" : "s") << ", " << spec.outputs()
    << (spec.outputs() == 1 ? " output" : " outputs") << ". The output layer is linear: its sigmoid\n"
    << "    or softmax belongs to the loss.\"\"\"\n\n"
    << "    def __init__(self):\n        super().__init__()\n        self.hidden = nn.ModuleList([\n";
  for (int l = 0; l < H; ++l) {
    const LayerSpec& ls = spec.layers[l];
    o << "            Block(nn.Linear(" << spec.fan_in(l) << ", " << ls.units << "), " << torch_activation(ls.act, ls.units);
    if (ls.batchnorm.on)
      o << ",\n                  batchnorm=nn.BatchNorm1d(" << ls.units << ", eps=" << py(ls.batchnorm.eps)
        << ", momentum=" << py(ls.batchnorm.momentum) << ")";
    if (ls.residual) o << ",\n                  residual=True";
    o << "),\n";
  }
  o << "        ])\n        self.output = nn.Linear(" << spec.fan_in(H) << ", " << spec.outputs() << ")\n\n"
    << "    def forward(self, x):\n        for block in self.hidden:\n            x = block(x)\n"
    << "        return self.output(x)\n"
    << kHelpers << "\n\n"
    << "# The network file this module was written from (gradscope-network/1), with its weights.\n"
    << "NETWORK = json.loads(r\"\"\"\n" << network_text(spec) << "\n\"\"\")\n\n"
    << "# The batch check() uses by default (gradscope grad's BATCH.json).\n"
    << "EXAMPLE_BATCH = json.loads(r\"\"\"\n" << batch_doc.dump() << "\n\"\"\")\n\n"
    << "if __name__ == \"__main__\":\n    main()\n";
  return o.str();
}

}  // namespace gs
