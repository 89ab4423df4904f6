// The Embind bindings: one declarative block. Strings (JSON) and copied Float64Arrays
// cross the boundary; no view into wasm memory is ever handed out (statsColumns' view is
// copied by gradscope.js before anything else runs). Errors are data:
// see engine.hpp and gradscope.mjs, which turns them into JavaScript Errors.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "wasm/engine.hpp"

namespace {

using emscripten::val;

// A copy of v as a Float64Array (never a view: memory growth would detach it).
val to_f64(const std::vector<double>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

}  // namespace

EMSCRIPTEN_BINDINGS(gradscope) {
  using gs::wasm::Engine;
  using emscripten::optional_override;
  emscripten::class_<Engine>("Engine")
      .constructor<>()
      .function("open", &Engine::open)
      .function("setDigits", &Engine::setDigits)
      .function("isOpen", &Engine::isOpen)
      .function("takeError", &Engine::takeError)
      .function("step", &Engine::step)
      .function("steps", &Engine::steps)
      .function("diverged", &Engine::diverged)
      .function("reset", &Engine::reset)
      .function("setLr", &Engine::setLr)
      .function("setStats", &Engine::setStats)
      .function("statsJson", &Engine::statsJson)
      // A view of the core's column buffer that gradscope.js copies at once (one slice in
      // JavaScript is cheaper than a copy made from C++ through val); never kept or handed out.
      .function("statsColumns", optional_override([](Engine& e) {
                  const std::vector<double>& v = e.statsColumns();
                  return val(emscripten::typed_memory_view(v.size(), v.data()));
                }))
      .function("evaluateJson", &Engine::evaluateJson)
      .function("probeJson", &Engine::probeJson)
      .function("historyJson", &Engine::historyJson)
      .function("historyCsv", &Engine::historyCsv)
      .function("historyMatrix", optional_override([](Engine& e, const std::string& f) { return to_f64(e.historyMatrix(f)); }))
      .function("historySteps", optional_override([](Engine& e) { return to_f64(e.historySteps()); }))
      .function("grid", optional_override([](Engine& e, int res, double x0, double x1, double y0, double y1) {
                  return to_f64(e.grid(res, x0, x1, y0, y1));
                }))
      .function("exportNetwork", &Engine::exportNetwork)
      .function("exportTorch", &Engine::exportTorch)
      .function("importNetwork", &Engine::importNetwork)
      .function("gradientsJson", &Engine::gradientsJson)
      .function("infoJson", &Engine::infoJson)
      .function("dataJson", &Engine::dataJson)
      .function("productExperiment", &Engine::productExperiment)
      .function("activationCurve", optional_override([](Engine& e, const std::string& act, val xs) {
                  return to_f64(e.activationCurve(act, emscripten::convertJSArrayToNumberVector<double>(xs)));
                }));
  emscripten::function("statsColumnNames", &gs::wasm::statsColumnNames);
  emscripten::function("version", &gs::wasm::version);
}
