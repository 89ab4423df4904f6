// The step statistics' JSON writer; see stats_json.hpp.
#include "core/stats_json.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>  // nlohmann::detail::to_chars: the shortest round-trip writer dump() uses

namespace gs {
namespace {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  // A double as dump() writes it: null when not finite, else the shortest digits that
  // read back to the same double ("1.0", "0.25", "1e-05").
  void num(double v) {
    if (!std::isfinite(v)) { out_ += "null"; return; }
    char buf[64];
    char* end = nlohmann::detail::to_chars(buf, buf + sizeof(buf), v);
    out_.append(buf, end);
  }
  void integer(long long v) {
    char buf[24];
    int n = std::snprintf(buf, sizeof(buf), "%lld", v);
    out_.append(buf, static_cast<size_t>(n));
  }
  // A JSON string (escapes as dump() does for ASCII control characters, quotes and backslashes).
  void str(const std::string& s) {
    out_ += '"';
    for (char c : s) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out_ += buf;
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
  }
  // "key": (with the comma before every key but an object's first)
  void key(const char* k) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += k;
    out_ += "\":";
  }
  void open() { out_ += '{'; first_ = true; }
  void close() { out_ += '}'; first_ = false; }
  void raw(const char* s) { out_ += s; }

  void summary(const SlopeSummary& s) {  // {min, mean, max} or null
    if (std::isnan(s.mean)) { raw("null"); return; }
    open();
    key("max"); num(s.max);
    key("mean"); num(s.mean);
    key("min"); num(s.min);
    close();
  }

 private:
  std::string& out_;
  bool first_ = true;
};

// One layer, keys in byte order as std::map sorts them.
void write_layer(Writer& w, const LayerStats& s) {
  w.open();
  w.key("W_norm"); w.num(s.W_norm);
  w.key("act_max"); w.num(s.act_max);
  w.key("act_mean"); w.num(s.act_mean);
  w.key("act_min"); w.num(s.act_min);
  w.key("act_std"); w.num(s.act_std);
  w.key("activation"); w.str(s.activation);
  w.key("batchnorm");
  if (s.batchnorm) {
    w.open();
    w.key("beta"); w.summary(s.bn_beta);
    w.key("gain"); w.num(s.bn_gain);
    w.key("gamma"); w.summary(s.bn_gamma);
    w.key("in_mean"); w.num(s.bn_in_mean);
    w.key("in_std"); w.num(s.bn_in_std);
    w.key("out_mean"); w.num(s.bn_out_mean);
    w.key("out_std"); w.num(s.bn_out_std);
    w.close();
  } else {
    w.raw("null");
  }
  w.key("dW_norm"); w.num(s.dW_norm);
  w.key("dW_ratio"); w.num(s.dW_ratio);
  w.key("db_norm"); w.num(s.db_norm);
  w.key("db_ratio"); w.num(s.db_ratio);
  w.key("dead_units"); if (s.dead_units < 0) w.raw("null"); else w.integer(s.dead_units);  // null: no probe yet
  w.key("dz_norm"); w.num(s.dz_norm);
  w.key("dz_ratio"); w.num(s.dz_ratio);
  w.key("index"); w.integer(s.index);
  w.key("local_factor"); w.num(s.local_factor);
  w.key("mean_abs_deriv"); w.num(s.mean_abs_deriv);
  w.key("predicted_ratio"); w.num(s.predicted_ratio);
  w.key("prelu_alpha"); w.summary(s.prelu_alpha);
  w.key("residual"); w.raw(s.residual ? "true" : "false");
  w.key("rrelu_slope"); w.summary(s.rrelu_slope);
  w.key("same_sign_share"); w.num(s.same_sign_share);
  w.key("saturated_fraction"); w.num(s.saturated_fraction);
  w.key("units"); w.integer(s.units);
  w.key("update_ratio"); w.num(s.update_ratio);
  w.key("weight_scale"); w.num(s.weight_scale);
  w.key("zero_fraction"); w.num(s.zero_fraction);
  w.close();
}

}  // namespace

std::string write_step_json(const StepStats& s, int dead_total, const std::optional<Diverged>& d) {
  std::string out;
  out.reserve(256 + s.layers.size() * 720);
  Writer w(out);
  w.open();
  w.key("accuracy"); w.num(s.accuracy);
  w.key("clipped"); w.raw(s.clipped ? "true" : "false");
  w.key("clipped_norm"); w.num(s.clipped_norm);
  w.key("dead_units"); if (dead_total < 0) w.raw("null"); else w.integer(dead_total);  // null: no probe yet
  w.key("diverged");
  if (d) {
    w.open();
    w.key("layer"); if (d->layer < 0) w.raw("null"); else w.integer(d->layer);
    w.key("message"); w.str(d->message);
    w.key("step"); w.integer(d->step);
    w.key("what"); w.str(d->what);
    w.close();
  } else {
    w.raw("null");
  }
  w.key("grad_norm"); w.num(s.grad_norm);
  w.key("layers");
  out += '[';
  for (size_t l = 0; l < s.layers.size(); ++l) {
    if (l) out += ',';
    write_layer(w, s.layers[l]);
  }
  out += ']';
  w.key("loss"); w.num(s.loss);
  w.key("lr"); w.num(s.lr);
  w.key("step"); w.integer(s.step);
  w.close();
  return out;
}

}  // namespace gs
