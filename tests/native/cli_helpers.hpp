// Running the native CLI from the native tests: a scratch directory, shell quoting, one
// run with its exit status, stdout and stderr. Header-only, everything inline; shared by
// test_cli.cpp and test_regressions.cpp. The CLI is $GS_CLI when set (the sanitized suites
// run the sanitized CLI), else GS_CLI_PATH from cmake/tests.cmake.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace gst {

// A fresh directory, removed with everything in it at the end of the scope.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("gradscope-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = path / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string read(const std::string& name) const {
    std::ifstream f(path / name, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
};

// s as one single-quoted shell word.
inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// The CLI under test.
inline std::string cli_path() {
  const char* env = std::getenv("GS_CLI");
  return env && *env ? env : GS_CLI_PATH;
}

struct CliRun {
  int status = -1;
  std::string out, err;
};

// Runs the CLI with `args` (quoted by the caller) and stdin from a file (or /dev/null).
// With timeout_s > 0, `timeout` turns a hang into status 124.
inline CliRun run_cli(const TempDir& dir, const std::string& args, const std::string& stdin_file = "", int timeout_s = 0) {
  const std::string cmd = (timeout_s > 0 ? "timeout " + std::to_string(timeout_s) + " " : std::string()) + quote(cli_path()) +
                          " " + args + " < " + (stdin_file.empty() ? "/dev/null" : quote(stdin_file)) + " > " +
                          quote((dir.path / "stdout.txt").string()) + " 2> " + quote((dir.path / "stderr.txt").string());
  CliRun r;
  const int rc = std::system(cmd.c_str());
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = dir.read("stdout.txt");
  r.err = dir.read("stderr.txt");
  return r;
}

inline std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) v.push_back(line);
  return v;
}

}  // namespace gst
