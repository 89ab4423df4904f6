// Tests for core/spec: the gradscope-network/1 document (parse, validate, write).
#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/network.hpp"
#include "core/spec.hpp"
#include "helpers.hpp"

using gs::Act;
using gs::Loss;
using gs::NetworkSpec;
using json = nlohmann::json;

namespace {

// A small valid document to derive invalid ones from: 2 -> 3 tanh -> 2, softmax_ce.
json base_doc() {
  return json::parse(R"({ "format": "gradscope-network/1", "inputs": 2,
    "layers": [ { "units": 3, "activation": "tanh" }, { "units": 2 } ],
    "loss": "softmax_ce" })");
}

std::string parse_error(const std::string& text) { return gst::error_of([&] { gs::parse_network(text); }); }

bool same_spec_params(const NetworkSpec& a, const NetworkSpec& b) {
  if (a.parameters.size() != b.parameters.size()) return false;
  for (size_t l = 0; l < a.parameters.size(); ++l) {
    if (!gst::same_bits(a.parameters[l].W, b.parameters[l].W)) return false;
    if (!gst::same_bits(a.parameters[l].b, b.parameters[l].b)) return false;
    if (!gst::same_bits(a.parameters[l].alpha, b.parameters[l].alpha)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("spec: the example network with every parametrised activation parses as written") {
  NetworkSpec s = gs::parse_network(gst::kExampleNetwork);
  CHECK(s.inputs == 2);
  REQUIRE(s.layers.size() == 6);
  CHECK(s.hidden() == 5);
  CHECK(s.outputs() == 1);
  for (int l = 0; l < 5; ++l) CHECK(s.layers[l].units == 16);
  CHECK(s.layers[0].act.kind == Act::sigmoid);
  CHECK(s.layers[1].act.kind == Act::leaky_relu);
  CHECK(s.layers[1].act.alpha == 0.01);
  CHECK(s.layers[2].act.kind == Act::prelu);
  CHECK(s.layers[2].act.per_unit);
  CHECK(s.layers[2].act.alpha == 0.25);
  CHECK(s.layers[3].act.kind == Act::rrelu);
  CHECK(s.layers[3].act.lower == 0.125);
  CHECK(s.layers[3].act.upper == 0.3333);
  CHECK(s.layers[4].act.kind == Act::elu);
  CHECK(s.layers[4].act.alpha == 1.0);
  CHECK(s.layers[5].act.kind == Act::identity);
  CHECK(s.loss == Loss::bce_logits);
  CHECK(s.init.name == "glorot_uniform");
  CHECK(s.init.gain == 1.0);
  CHECK(s.bias_init == 0.0);
  CHECK(s.seed == 7);
  CHECK(s.parameters.empty());
  // parameter count by hand: 2*16+16, 4 x (16*16+16), prelu per unit 16, 16*1+1
  CHECK(s.parameter_count() == (2 * 16 + 16) + 4 * (16 * 16 + 16) + 16 + (16 + 1));
  gs::Network<double> net(s);
  CHECK(net.layers[2].alpha.size() == 16);
  for (double a : net.layers[2].alpha) CHECK(a == 0.25);
}

TEST_CASE("spec: defaults, aliases and the forms an activation may take") {
  json d = base_doc();
  d["layers"][0]["activation"] = "swish";
  d["loss"] = "cross_entropy";
  d["init"] = {{"weights", "kaiming_uniform"}};
  NetworkSpec s = gs::parse_network(d.dump());
  CHECK(s.layers[0].act.kind == Act::silu);
  CHECK(s.loss == Loss::softmax_ce);
  CHECK(s.init.name == "he_uniform");
  CHECK(s.init.gain == doctest::Approx(std::sqrt(2.0)).epsilon(1e-15));
  d["init"] = {{"weights", {{"name", "xavier_normal"}}}};
  s = gs::parse_network(d.dump());
  CHECK(s.init.name == "glorot_normal");
  CHECK(s.init.gain == 1.0);
  d["layers"][0]["activation"] = {{"name", "leaky_relu"}};
  CHECK(gs::parse_network(d.dump()).layers[0].act.alpha == 0.01);  // PyTorch's default
  d["layers"][0]["activation"] = {{"name", "leaky_relu"}, {"negative_slope", 0.2}};
  CHECK(gs::parse_network(d.dump()).layers[0].act.alpha == 0.2);
  d["layers"][0]["activation"] = {{"name", "prelu"}};
  s = gs::parse_network(d.dump());
  CHECK(s.layers[0].act.alpha == 0.25);
  CHECK_FALSE(s.layers[0].act.per_unit);
  d["layers"][0]["activation"] = {{"name", "rrelu"}, {"lower", 0}, {"upper", 1}};  // U(0, 1) expressible
  s = gs::parse_network(d.dump());
  CHECK(s.layers[0].act.lower == 0.0);
  CHECK(s.layers[0].act.upper == 1.0);
  CHECK(gs::eval_slope(s.layers[0].act) == 0.5);
  d["layers"][0]["activation"] = {{"name", "softplus"}, {"beta", 2}, {"threshold", 10}};
  s = gs::parse_network(d.dump());
  CHECK(s.layers[0].act.beta == 2.0);
  CHECK(s.layers[0].act.threshold == 10.0);
  d["layers"][1]["activation"] = nullptr;  // explicit null on the output layer is fine
  d["layers"][1]["activation"] = "linear";  // so is the identity by name
  CHECK_NOTHROW(gs::parse_network(d.dump()));
  d["comment"] = "top-level metadata is ignored";
  CHECK_NOTHROW(gs::parse_network(d.dump()));
  d["inputs"] = 2.0;  // an integral float is an integer
  CHECK(gs::parse_network(d.dump()).inputs == 2);
}

TEST_CASE("spec: round trip network_to_json -> parse_network preserves everything bit-exactly") {
  NetworkSpec s = gs::parse_network(gst::kExampleNetwork);
  s.layers[0].act = gs::default_activation(Act::softplus);
  s.layers[0].act.beta = 1.5;
  s.layers[0].act.threshold = 7.25;
  gs::Network<double> net(s);
  // awkward values: not representable in short decimal form
  net.layers[2].alpha(3) = 1.0 / 3.0;
  net.layers[0].W(1, 1) = 0.1 + 0.2;
  net.layers[5].b(0) = -1e-300;
  net.layers[4].W(0, 0) = 123456789.123456789;
  NetworkSpec e = net.export_spec();
  for (bool pretty : {false, true}) {
    CAPTURE(pretty);
    const std::string text = gs::network_to_json(e, pretty);
    NetworkSpec r = gs::parse_network(text);
    CHECK(r.inputs == e.inputs);
    REQUIRE(r.layers.size() == e.layers.size());
    for (size_t l = 0; l < r.layers.size(); ++l) {
      CAPTURE(l);
      CHECK(r.layers[l].units == e.layers[l].units);
      const gs::Activation &a = r.layers[l].act, &b = e.layers[l].act;
      CHECK(a.kind == b.kind);
      if (a.kind == Act::leaky_relu || a.kind == Act::elu || a.kind == Act::prelu) CHECK(a.alpha == b.alpha);
      CHECK(a.per_unit == b.per_unit);
      if (a.kind == Act::rrelu) { CHECK(a.lower == b.lower); CHECK(a.upper == b.upper); }
      if (a.kind == Act::softplus) { CHECK(a.beta == b.beta); CHECK(a.threshold == b.threshold); }
    }
    CHECK(r.loss == e.loss);
    CHECK(r.init.name == e.init.name);
    CHECK(r.init.gain == e.init.gain);
    CHECK(r.bias_init == e.bias_init);
    CHECK(r.seed == e.seed);
    CHECK(same_spec_params(r, e));
    CHECK(gs::network_to_json(r, pretty) == text);  // a fixed point
    // the rebuilt network computes the same bits
    gs::Network<double> back(r);
    const double x[4] = {0.3, -0.7, 1.1, 0.2};
    net.forward(x, 2, gs::Mode::eval, nullptr);
    back.forward(x, 2, gs::Mode::eval, nullptr);
    CHECK(back.layers.back().z(0, 0) == net.layers.back().z(0, 0));
    CHECK(back.layers.back().z(1, 0) == net.layers.back().z(1, 0));
  }
  CHECK(gs::network_to_json(e, true).find('\n') != std::string::npos);
  CHECK(gs::network_to_json(e, false).find('\n') == std::string::npos);
  // without parameters nothing is written
  CHECK(json::parse(gs::network_to_json(s)).count("parameters") == 0);
  // other initialisers keep their parameters too
  for (const char* init : {R"({"name":"uniform","a":-0.5,"b":0.25})", R"({"name":"normal","mean":0.1,"std":0.3})",
                           R"({"name":"constant","value":0.7})", R"({"name":"he_normal","gain":1.3})"}) {
    CAPTURE(init);
    json d = base_doc();
    d["init"] = {{"weights", json::parse(init)}, {"bias", -0.25}, {"seed", 18446744073709551615ULL}};
    NetworkSpec a = gs::parse_network(d.dump());
    NetworkSpec b = gs::parse_network(gs::network_to_json(a));
    CHECK(b.init.name == a.init.name);
    CHECK(b.init.a == a.init.a);
    CHECK(b.init.b == a.init.b);
    CHECK(b.init.mean == a.init.mean);
    CHECK(b.init.std == a.init.std);
    CHECK(b.init.value == a.init.value);
    CHECK(b.init.gain == a.init.gain);
    CHECK(b.bias_init == -0.25);
    CHECK(b.seed == 18446744073709551615ULL);
  }
}

TEST_CASE("spec: explicit parameters override init (2-layer net by hand)") {
  json d = json::parse(R"({ "format": "gradscope-network/1", "inputs": 3,
    "layers": [ { "units": 2, "activation": { "name": "prelu", "alpha": 0.1 } }, { "units": 2 } ],
    "loss": "mse", "init": { "weights": "glorot_uniform", "seed": 3 },
    "parameters": [ { "W": [[0.5, -1, 2], [0.25, 0.75, -0.5]], "b": [0.1, -0.2], "alpha": [0.3] },
                    { "W": [[1, -2], [0.5, 4]], "b": [0.01, -0.03] } ] })");
  NetworkSpec s = gs::parse_network(d.dump());
  REQUIRE(s.parameters.size() == 2);
  CHECK(s.parameters[0].alpha == std::vector<double>{0.3});
  gs::Network<double> net(s);
  const double x[3] = {1.0, 2.0, -1.5};
  net.forward(x, 1, gs::Mode::eval, nullptr);
  const double z0 = 0.5 * 1 - 1 * 2 + 2 * -1.5 + 0.1;     // -4.4 -> prelu slope 0.3
  const double z1 = 0.25 * 1 + 0.75 * 2 - 0.5 * -1.5 - 0.2;  // 2.3
  const double a0 = z0 > 0 ? z0 : 0.3 * z0, a1 = z1 > 0 ? z1 : 0.3 * z1;
  CHECK(net.layers[1].z(0, 0) == doctest::Approx(1 * a0 - 2 * a1 + 0.01).epsilon(1e-15));
  CHECK(net.layers[1].z(0, 1) == doctest::Approx(0.5 * a0 + 4 * a1 - 0.03).epsilon(1e-15));
  CHECK(net.layers[0].alpha(0) == 0.3);  // not the activation's 0.1
  // the network without parameters draws something else
  d.erase("parameters");
  gs::Network<double> drawn(gs::parse_network(d.dump()));
  CHECK(drawn.layers[0].W(0, 0) != 0.5);
  CHECK(drawn.layers[0].alpha(0) == 0.1);
  // "parameters": null means none
  d["parameters"] = nullptr;
  CHECK(gs::parse_network(d.dump()).parameters.empty());
}

TEST_CASE("spec: invalid documents name the field and the range") {
  struct Bad {
    std::string doc;
    std::string message;
  };
  std::vector<Bad> bad;
  auto with = [](auto edit) {
    json d = base_doc();
    edit(d);
    return d.dump();
  };
  // structure
  bad.push_back({"{\"format\": ", "network: not valid JSON"});
  bad.push_back({"", "network: not valid JSON"});
  bad.push_back({"[1, 2]", "network: must be a JSON object, got array"});
  bad.push_back({"\"text\"", "network: must be a JSON object, got string"});
  bad.push_back({with([](json& d) { d.erase("format"); }), "format: missing"});
  bad.push_back({with([](json& d) { d["format"] = "gradscope-network/2"; }),
                 "format: must be \"gradscope-network/1\", got \"gradscope-network/2\""});
  bad.push_back({with([](json& d) { d["format"] = 1; }), "format: must be a string"});
  // inputs
  bad.push_back({with([](json& d) { d.erase("inputs"); }), "inputs: missing"});
  bad.push_back({with([](json& d) { d["inputs"] = 0; }), "inputs: must be in 1..1024, got 0"});
  bad.push_back({with([](json& d) { d["inputs"] = 1025; }), "inputs: must be in 1..1024, got 1025"});
  bad.push_back({with([](json& d) { d["inputs"] = 2.5; }), "inputs: must be an integer in 1..1024, got 2.5"});
  bad.push_back({with([](json& d) { d["inputs"] = "2"; }), "inputs: must be an integer in 1..1024"});
  // layers
  bad.push_back({with([](json& d) { d.erase("layers"); }), "layers: missing"});
  bad.push_back({with([](json& d) { d["layers"] = json::object(); }), "layers: must be an array, got object"});
  bad.push_back({with([](json& d) { d["layers"] = json::array(); }), "layers: must hold 1..256 layers, got 0"});
  bad.push_back({with([](json& d) {
                   json l = json::array();
                   for (int i = 0; i < 256; ++i) l.push_back({{"units", 1}, {"activation", "relu"}});
                   l.push_back({{"units", 2}});
                   d["layers"] = l;
                 }),
                 "layers: must hold 1..256 layers, got 257"});
  bad.push_back({with([](json& d) { d["layers"][0] = 3; }), "layers[0]: must be an object"});
  bad.push_back({with([](json& d) { d["layers"][0].erase("units"); }), "layers[0].units: missing"});
  bad.push_back({with([](json& d) { d["layers"][0]["units"] = 0; }), "layers[0].units: must be in 1..1024, got 0"});
  bad.push_back({with([](json& d) { d["layers"][0]["units"] = 1025; }), "layers[0].units: must be in 1..1024, got 1025"});
  bad.push_back({with([](json& d) { d["layers"][1]["units"] = 101; }), "layers[1].units: must be in 1..100, got 101"});
  bad.push_back({with([](json& d) { d["layers"][1]["units"] = -3; }), "layers[1].units: must be in 1..100, got -3"});
  bad.push_back({with([](json& d) { d["layers"][0]["unit"] = 3; }), "layers[0].unit: unknown key, expected one of units, activation"});
  // activations
  bad.push_back({with([](json& d) { d["layers"][0].erase("activation"); }), "layers[0].activation: missing; expected one of"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = "relu6"; }),
                 "layers[0].activation: unknown activation 'relu6', expected one of identity, sigmoid, tanh, relu"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"name", "foo"}}; }),
                 "layers[0].activation.name: unknown activation 'foo'"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"alpha", 1}}; }), "layers[0].activation.name: missing"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = 5; }), "layers[0].activation: must be a name or an object"});
  bad.push_back({with([](json& d) { d["layers"][1]["activation"] = "relu"; }),
                 "layers[1].activation: the output layer is linear (its sigmoid or softmax belongs to the loss), got relu"});
  bad.push_back({with([](json& d) {
                   json l = json::array();
                   for (int i = 0; i < 3; ++i) l.push_back({{"units", 4}, {"activation", "relu"}});
                   l.push_back({{"units", 4}, {"activation", {{"name", "elu"}, {"alpha", -2}}}});
                   l.push_back({{"units", 2}});
                   d["layers"] = l;
                 }),
                 "layers[3].activation.alpha: must be >= 0, got -2"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"name", "elu"}, {"alpha", 2e6}}; }),
                 "layers[0].activation.alpha: must be <= 1000000, got 2000000"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"name", "leaky_relu"}, {"alpha", -1}}; }),
                 "layers[0].activation.alpha: must be in 0..1000000, got -1"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"name", "leaky_relu"}, {"alpha", "big"}}; }),
                 "layers[0].activation.alpha: must be a number, got string"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"name", "rrelu"}, {"lower", 0.5}, {"upper", 0.25}}; }),
                 "layers[0].activation.upper: must be >= lower (0.5), got 0.25"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"name", "rrelu"}, {"lower", -0.1}}; }),
                 "layers[0].activation.lower: must be in 0..1000000, got -0.1"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"name", "prelu"}, {"per", "channel"}}; }),
                 "layers[0].activation.per: must be \"layer\" or \"unit\", got \"channel\""});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"name", "relu"}, {"alpha", 1}}; }),
                 "layers[0].activation.alpha: unknown key, expected one of name"});
  bad.push_back({with([](json& d) { d["layers"][0]["activation"] = {{"name", "softplus"}, {"beta", 0}}; }),
                 "layers[0].activation.beta: must be > 0, got 0"});
  // loss
  bad.push_back({with([](json& d) { d.erase("loss"); }), "loss: missing; expected one of mse, bce_logits, softmax_ce"});
  bad.push_back({with([](json& d) { d["loss"] = "hinge"; }),
                 "loss: unknown loss 'hinge', expected one of mse, bce_logits, softmax_ce"});
  bad.push_back({with([](json& d) { d["layers"][1]["units"] = 1; }),
                 "layers[1].units: softmax_ce needs at least 2 output units, got 1"});
  // init
  bad.push_back({with([](json& d) { d["init"] = 3; }), "init: must be an object, got number"});
  bad.push_back({with([](json& d) { d["init"] = {{"weights", "orthogonal"}}; }),
                 "init.weights: unknown initialiser 'orthogonal', expected one of constant"});
  bad.push_back({with([](json& d) { d["init"] = {{"weights", {{"name", "orthogonal"}}}}; }),
                 "init.weights.name: unknown initialiser 'orthogonal'"});
  bad.push_back({with([](json& d) { d["init"] = {{"weights", {{"name", "he_normal"}, {"gain", -1}}}}; }),
                 "init.weights.gain: must be in 0..1000000, got -1"});
  bad.push_back({with([](json& d) { d["init"] = {{"weights", {{"name", "uniform"}, {"a", 2}, {"b", 1}}}}; }),
                 "init.weights.b: must be >= a (2), got 1"});
  bad.push_back({with([](json& d) { d["init"] = {{"weights", {{"name", "normal"}, {"std", -1}}}}; }),
                 "init.weights.std: must be in 0..1000000, got -1"});
  bad.push_back({with([](json& d) { d["init"] = {{"seed", -1}}; }), "init.seed: must be an integer in 0..18446744073709551615, got -1"});
  bad.push_back({with([](json& d) { d["init"] = {{"seed", 1.5}}; }), "init.seed: must be an integer"});
  bad.push_back({with([](json& d) { d["init"] = {{"bias", "zero"}}; }), "init.bias: must be a number, got string"});
  bad.push_back({with([](json& d) { d["init"] = {{"biases", 0}}; }), "init.biases: unknown key, expected one of weights, bias, seed"});
  // parameters (base: 2 -> 3 tanh -> 2)
  const json good_params = json::parse(R"([ { "W": [[1, 2], [3, 4], [5, 6]], "b": [0, 0, 0] },
                                             { "W": [[1, 2, 3], [4, 5, 6]], "b": [0, 0] } ])");
  CHECK_NOTHROW(gs::parse_network(with([&](json& d) { d["parameters"] = good_params; })));
  bad.push_back({with([&](json& d) { d["parameters"] = good_params; d["parameters"][0]["W"].erase(2); }),
                 "parameters[0].W: must be 3 rows (units) of 2 values (fan-in), got 2 rows"});
  bad.push_back({with([&](json& d) { d["parameters"] = good_params; d["parameters"][0]["W"][1].push_back(7); }),
                 "parameters[0].W[1]: must have 2 values, got 3"});
  bad.push_back({with([&](json& d) { d["parameters"] = good_params; d["parameters"][1]["W"][0][2] = "x"; }),
                 "parameters[1].W[0][2]: must be a number, got string"});
  bad.push_back({with([&](json& d) { d["parameters"] = good_params; d["parameters"][1]["b"] = {1, 2, 3}; }),
                 "parameters[1].b: must have 2 values, got 3"});
  bad.push_back({with([&](json& d) { d["parameters"] = good_params; d["parameters"][1].erase("b"); }),
                 "parameters[1].b: missing"});
  bad.push_back({with([&](json& d) { d["parameters"] = good_params; d["parameters"].erase(1); }),
                 "parameters: must have 2 entries (one per layer), got 1"});
  bad.push_back({with([&](json& d) { d["parameters"] = good_params; d["parameters"][0]["alpha"] = {0.25}; }),
                 "parameters[0].alpha: only prelu layers have slopes; layer 0 is tanh"});
  bad.push_back({with([&](json& d) {
                   d["parameters"] = good_params;
                   d["layers"][0]["activation"] = {{"name", "prelu"}, {"per", "unit"}};
                 }),
                 "parameters[0].alpha: missing: a prelu layer needs 3 slope(s)"});
  bad.push_back({with([&](json& d) {
                   d["parameters"] = good_params;
                   d["layers"][0]["activation"] = "prelu";
                   d["parameters"][0]["alpha"] = {0.1, 0.2};
                 }),
                 "parameters[0].alpha: must have 1 values, got 2"});
  // too many parameters: 1024 inputs, 4 hidden of 1024, 100 outputs
  bad.push_back({with([](json& d) {
                   d["inputs"] = 1024;
                   json l = json::array();
                   for (int i = 0; i < 4; ++i) l.push_back({{"units", 1024}, {"activation", "relu"}});
                   l.push_back({{"units", 100}});
                   d["layers"] = l;
                 }),
                 "layers: the network has " + std::to_string(4 * (1024 * 1024 + 1024) + 1024 * 100 + 100) +
                     " parameters, more than the limit of " + std::to_string(gs::kMaxParameters)});
  // numbers beyond double are a gs::Error, not a JSON library exception
  bad.push_back({R"({"format": "gradscope-network/1", "inputs": 1e400})", "network: not valid JSON"});

  CHECK(bad.size() >= 25);
  for (const Bad& b : bad) {
    CAPTURE(b.doc.substr(0, 200));
    const std::string msg = parse_error(b.doc);
    CAPTURE(msg);
    CAPTURE(b.message);
    CHECK(gst::contains(msg, b.message));
  }
}

TEST_CASE("spec: validate() checks a spec built in code") {
  NetworkSpec s = gst::make_spec(2, {gs::default_activation(Act::relu)}, 4, 1, Loss::mse);
  CHECK_NOTHROW(gs::validate(s));
  NetworkSpec t = s;
  t.inputs = 0;
  GS_CHECK_ERROR(gs::validate(t), "inputs: must be in 1..1024, got 0");
  t = s;
  t.layers[0].units = 2000;
  GS_CHECK_ERROR(gs::validate(t), "layers[0].units: must be in 1..1024, got 2000");
  t = s;
  t.layers[1].act = gs::default_activation(Act::tanh);
  GS_CHECK_ERROR(gs::validate(t), "layers[1].activation: the output layer is linear");
  t = s;
  t.loss = Loss::softmax_ce;
  GS_CHECK_ERROR(gs::validate(t), "layers[1].units: softmax_ce needs at least 2 output units, got 1");
  t = s;
  t.layers.clear();
  GS_CHECK_ERROR(gs::validate(t), "layers: must hold 1..256");
  t = s;
  t.layers.assign(300, gst::layer(1, gs::default_activation(Act::relu)));
  t.layers.back().act = gs::Activation{};
  GS_CHECK_ERROR(gs::validate(t), "layers: must hold 1..256");
  // the network refuses an invalid spec too, and parameters of the wrong shape
  t = s;
  t.inputs = 5000;
  GS_CHECK_ERROR(gs::Network<float>(t), "inputs: must be in 1..1024");
  gs::Network<double> net(s);
  std::vector<gs::LayerParams> p = net.export_spec().parameters;
  p[1].W.pop_back();
  GS_CHECK_ERROR(net.set_parameters(p), "parameters[1].W: must hold 4 values, got 3");
  p.pop_back();
  GS_CHECK_ERROR(net.set_parameters(p), "parameters: must have 2 entries, got 1");
  // limits are what the README says
  CHECK(gs::kMaxInputs == 1024);
  CHECK(gs::kMaxLayers == 256);
  CHECK(gs::kMaxUnits == 1024);
  CHECK(gs::kMaxOutputs == 100);
  CHECK(gs::kMaxParameters == 4000000);
  CHECK(std::string(gs::loss_name(Loss::bce_logits)) == "bce_logits");
}
