// The digits from their text (DataConfig::digits, what the WASM build gets from
// web/generated/digits.txt) give exactly the dataset of the embedded copy; a wrong text is
// refused with a message naming the problem.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/dataset.hpp"
#include "helpers.hpp"

namespace {

// The text build-wasm.sh writes: one line per image, value v as 'A' + v.
std::string digits_text() {
  std::string t;
  for (int r = 0; r < gs::kDigitsRows; ++r) {
    for (int c = 0; c <= gs::kDigitsPixels; ++c) t += static_cast<char>('A' + gs::digits_value(r, c));
    t += '\n';
  }
  return t;
}

}  // namespace

TEST_CASE("digits from their text: the same dataset as the embedded copy") {
  gs::DataConfig embedded;
  embedded.name = "digits";
  embedded.seed = 5;
  gs::DataConfig given = embedded;
  given.digits = std::make_shared<const std::string>(digits_text());
  const gs::Dataset a = gs::make_dataset(embedded), b = gs::make_dataset(given);
  CHECK(a.train.rows == b.train.rows);
  CHECK(a.test.rows == b.test.rows);
  CHECK(a.train.x == b.train.x);
  CHECK(a.train.labels == b.train.labels);
  CHECK(a.test.x == b.test.x);
  CHECK(a.test.labels == b.test.labels);
  CHECK(a.class_names == b.class_names);
  // without the last newline too
  std::string t = digits_text();
  t.pop_back();
  given.digits = std::make_shared<const std::string>(t);
  CHECK(gs::make_dataset(given).train.x == a.train.x);
}

TEST_CASE("digits from their text: a wrong text is refused, naming the problem") {
  gs::DataConfig c;
  c.name = "digits";
  c.digits = std::make_shared<const std::string>("AAAA\n");
  GS_CHECK_ERROR(gs::make_dataset(c), "digits: the digits text must be 1797 lines of 65 letters");
  std::string t = digits_text();
  t[66 * 3 + 64] = 'Z';  // line 4's label
  c.digits = std::make_shared<const std::string>(t);
  GS_CHECK_ERROR(gs::make_dataset(c), "digits: line 4, column 65: unexpected character");
  t = digits_text();
  t[66 * 10 + 65] = 'A';  // a missing line break
  c.digits = std::make_shared<const std::string>(t);
  GS_CHECK_ERROR(gs::make_dataset(c), "digits: line 11, column 66");
}
