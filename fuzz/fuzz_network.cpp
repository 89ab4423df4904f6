// libFuzzer harness: the network-file parser (gs::parse_network).
// For every document that parses:
//   - the round trip holds: parse(network_to_json(spec)) succeeds and writes the same
//     JSON again (compact and pretty), else __builtin_trap();
//   - when the network is small (parameter_count <= kMaxFuzzParameters), a
//     gs::Network<float> is built from it and one forward (training mode, so batch norm
//     and rrelu take their training paths) + loss + backward pass runs on a small batch,
//     then the exported spec (current parameters) round-trips too.
#include <cmath>
#include <string>
#include <vector>

#include "core/loss.hpp"
#include "core/network.hpp"
#include "core/rng.hpp"
#include "core/spec.hpp"
#include "core/stats.hpp"
#include "fuzz/fuzz_common.hpp"

namespace {

constexpr int64_t kMaxFuzzParameters = 20000;

void check_round_trip(const gs::NetworkSpec& spec) {
  const std::string a = gs::network_to_json(spec, false);
  gs::NetworkSpec again;
  const bool ok = gsfuzz::expect_ok_or_error([&] { again = gs::parse_network(a); });
  GS_FUZZ_CHECK(ok, "network_to_json wrote a document parse_network refuses");
  GS_FUZZ_CHECK(gs::network_to_json(again, false) == a, "round trip changed the compact JSON");
  const std::string pretty = gs::network_to_json(spec, true);
  gs::NetworkSpec from_pretty;
  GS_FUZZ_CHECK(gsfuzz::expect_ok_or_error([&] { from_pretty = gs::parse_network(pretty); }),
                "parse_network refuses the pretty JSON");
  GS_FUZZ_CHECK(gs::network_to_json(from_pretty, false) == a, "pretty round trip changed the JSON");
}

void exercise(const gs::NetworkSpec& spec) {
  gs::Network<float> net(spec);
  const int B = 3, F = spec.inputs, K = spec.outputs();
  std::vector<float> x(static_cast<size_t>(B) * F);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(static_cast<int>(i % 7) - 3) * 0.5f;
  gs::Pcg32 rng(1);
  net.forward(x.data(), B, gs::Mode::train, &rng);
  std::vector<int> classes(B);
  for (int r = 0; r < B; ++r) classes[r] = r % (K > 1 ? K : 2);
  gs::Targets<float> t;
  t.classes = classes.data();
  std::vector<float> dout(static_cast<size_t>(B) * K);
  gs::loss_forward_backward(spec.loss, dout.data(), net.layers.back().z.data(), t, B, K);
  net.backward(dout.data());
  (void)gs::layer_stats(net, 1e-3);
  net.forward(x.data(), B, gs::Mode::eval, nullptr);
  // The exported spec (parameters as float) is a valid document too, unless a parameter
  // overflowed float (written as null, which the parser rightly refuses).
  gs::NetworkSpec exported = net.export_spec();
  bool finite = true;
  for (const auto& p : exported.parameters)
    for (const auto* v : {&p.W, &p.b, &p.alpha, &p.gamma, &p.beta, &p.running_mean, &p.running_var})
      for (double d : *v) finite = finite && std::isfinite(d);
  if (finite) check_round_trip(exported);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  gs::NetworkSpec spec;
  if (!gsfuzz::expect_ok_or_error([&] { spec = gs::parse_network(text); })) return 0;
  // What parse_network accepts is valid and within the limits.
  GS_FUZZ_CHECK(gsfuzz::expect_ok_or_error([&] { gs::validate(spec); }), "validate refuses a parsed spec");
  GS_FUZZ_CHECK(spec.parameter_count() <= gs::kMaxParameters, "parameter limit not enforced");
  check_round_trip(spec);
  if (spec.parameter_count() <= kMaxFuzzParameters) {
    const bool ok = gsfuzz::expect_ok_or_error([&] { exercise(spec); });
    GS_FUZZ_CHECK(ok, "gs::Network refused a spec parse_network accepted");
  }
  return 0;
}
