// The one number formatter of the core's messages.
#pragma once
#include <string>

namespace gs {

// A number as a person writes it in a message: integers without a decimal point ("4096",
// "1000000000000"), others in the shortest form that reads back as the same double
// ("0.001", "0.3333333333333333", "1e-30"), NaN and infinities by name ("NaN", "Infinity").
std::string fmt_num(double v);

}  // namespace gs
