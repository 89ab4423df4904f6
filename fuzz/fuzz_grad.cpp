// libFuzzer harness: the gradient report (gs::grad_report) on fuzzed batch JSON.
// Input layout: byte 0 selects the fixed network (bits 0-1: 0 the README's example,
// bce_logits; 1 a 3-class softmax_ce network with batch norm and a skip connection;
// 2 a 2-output mse network; 3 a 1-input softplus/gelu network) and bit 2 the precision
// (float32 / float64); the rest is the batch document { "x": [[...]], "y": [...] }.
// Whatever the report, it must be valid JSON (no NaN/Infinity tokens).
#include <nlohmann/json.hpp>
#include <string>

#include "core/session.hpp"
#include "fuzz/fuzz_common.hpp"

namespace {

const char* kNetworks[] = {
    // The README's example network.
    R"({ "format": "gradscope-network/1", "inputs": 2,
  "layers": [ { "units": 16, "activation": "sigmoid" },
              { "units": 16, "activation": { "name": "leaky_relu", "alpha": 0.01 } },
              { "units": 16, "activation": { "name": "prelu", "per": "unit", "alpha": 0.25 } },
              { "units": 16, "activation": { "name": "rrelu", "lower": 0.125, "upper": 0.3333 } },
              { "units": 16, "activation": { "name": "elu", "alpha": 1.0 } },
              { "units": 1 } ],
  "loss": "bce_logits",
  "init": { "weights": { "name": "glorot_uniform", "gain": 1.0 }, "bias": 0.0, "seed": 7 } })",
    R"({ "format": "gradscope-network/1", "inputs": 3,
  "layers": [ { "units": 5, "activation": "relu", "batchnorm": true },
              { "units": 5, "activation": "selu", "residual": true },
              { "units": 3 } ],
  "loss": "softmax_ce", "init": { "seed": 2 } })",
    R"({ "format": "gradscope-network/1", "inputs": 2,
  "layers": [ { "units": 4, "activation": "tanh" }, { "units": 2 } ],
  "loss": "mse", "init": { "weights": { "name": "normal", "std": 3 }, "seed": 3 } })",
    R"({ "format": "gradscope-network/1", "inputs": 1,
  "layers": [ { "units": 3, "activation": { "name": "softplus", "beta": 2 } },
              { "units": 3, "activation": "gelu" }, { "units": 1 } ],
  "loss": "bce_logits", "init": { "seed": 4 } })",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gs::NetworkSpec specs[] = {gs::parse_network(kNetworks[0]), gs::parse_network(kNetworks[1]),
                                          gs::parse_network(kNetworks[2]), gs::parse_network(kNetworks[3])};
  gsfuzz::Input in{data, size};
  const uint8_t sel = in.take();
  const gs::NetworkSpec& spec = specs[sel & 3];
  const gs::Precision prec = (sel & 4) ? gs::Precision::float64 : gs::Precision::float32;
  const std::string batch = in.rest();
  std::string report;
  if (!gsfuzz::expect_ok_or_error([&] { report = gs::grad_report(spec, batch, prec); })) return 0;
  nlohmann::json j = nlohmann::json::parse(report, nullptr, /*allow_exceptions=*/false);
  GS_FUZZ_CHECK(!j.is_discarded(), "grad_report wrote invalid JSON");
  GS_FUZZ_CHECK(j.is_object() && j.contains("loss") && j.contains("layers"), "grad_report without loss/layers");
  GS_FUZZ_CHECK(j["layers"].size() == spec.layers.size(), "grad_report: one entry per layer");
  return 0;
}
