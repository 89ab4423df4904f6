// The boundary object the bindings expose: a gs::Session behind methods that never throw
// into JavaScript. Errors are data at the boundary: a failing call stores the core's
// message and returns a neutral value; the JavaScript API (gradscope.mjs) reads
// takeError() after every call and throws an Error with that message. This is the one
// error channel: the stateless helpers are Engine methods for that reason too. (Exceptions that
// escape into JavaScript leak wasm stack in Emscripten 3.1.6: TOOLCHAIN.md pitfall 7.)
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/session.hpp"

namespace gs::wasm {

class Engine {
 public:
  // Opens a session; false (and an error) on bad input. Replaces any open session.
  bool open(const std::string& network_json, const std::string& config_json);
  // The 8x8 digits' text (web/generated/digits.txt) for an open() on "digits": the WASM
  // build has no copy of its own. Checked when a session uses it.
  void setDigits(const std::string& text);
  bool isOpen() const { return session_ != nullptr; }
  std::string takeError();

  int step(int n);
  double steps() const;
  bool diverged() const;
  void reset();
  void setLr(double lr);
  void setStats(bool on);
  std::string statsJson();
  // The statistics' column buffer (core/stats_columns.hpp): scalars, then columns of L
  // values; empty with an error when no session is open. Valid until the next call.
  const std::vector<double>& statsColumns();
  std::string evaluateJson();
  std::string probeJson();
  std::string historyJson();
  std::string historyCsv();
  std::vector<double> historyMatrix(const std::string& field);
  std::vector<double> historySteps();
  std::vector<double> grid(int res, double x_lo, double x_hi, double y_lo, double y_hi);
  std::string exportNetwork();
  // The network as a PyTorch file (core/export/torch.hpp) in the session's precision.
  std::string exportTorch();
  bool importNetwork(const std::string& network_json);
  std::string gradientsJson(const std::string& batch_json);
  std::string infoJson();
  std::string dataJson(int max_rows);

  // Stateless helpers (no open session needed), errors through takeError() like the rest.
  // {"factors": "uniform"|"derivative", "activation": NAME or {name, params}, "n": N,
  //  "z_std": X, "seed": S} -> {"factors": [...], "log10_product": [...], "log10_sigmoid_bound": X}
  std::string productExperiment(const std::string& config_json);
  // activation (name or {name, params} JSON), xs -> [f(x0..), f'(x0..)] concatenated (2n).
  // Evaluation-mode slopes (rrelu mean, prelu initial alpha).
  std::vector<double> activationCurve(const std::string& activation_json, const std::vector<double>& xs);

 private:
  template <class F> auto guard(F&& f, decltype(f()) fallback) -> decltype(f());
  template <class F> auto guard_free(F&& f, decltype(f()) fallback) -> decltype(f());  // no session needed
  std::unique_ptr<Session> session_;
  std::shared_ptr<const std::string> digits_;
  std::string error_;
};

// The names of statsColumns()'s buffer, in order: {"scalars": [...], "columns": [...]}.
std::string statsColumnNames();
std::string version();

}  // namespace gs::wasm
