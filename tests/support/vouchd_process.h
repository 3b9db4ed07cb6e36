// The real vouchd binary as a test fixture (style.md §4): commands run to completion, and a
// server started on 127.0.0.1:0 whose readiness lines ("vouchd: listening dns-udp ADDR:PORT",
// "vouchd: ready") are read with poll(2) under a deadline. Nothing sleeps.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace vouchd::testing {

// Path of the binary under test: $VOUCHD_BIN, else the one this build produced.
inline std::string vouchd_binary() {
  if (const char* env = std::getenv("VOUCHD_BIN")) return env;
  return VOUCHD_BINARY_PATH;
}

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output (run_vouchd: standard error interleaved)
};

// Runs the shell command `cmd` to completion; `out` is what it wrote to standard output (the
// command redirects standard error as it wants).
inline CommandResult run_shell(const std::string& cmd) {
  CommandResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("popen failed");
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Runs `vouchd args...` to completion.
inline CommandResult run_vouchd(const std::vector<std::string>& args) {
  std::string cmd = "'" + vouchd_binary() + "'";
  for (const std::string& a : args)
    cmd += " '" + a + "'";
  return run_shell(cmd + " 2>&1");
}

// A `vouchd serve` process on a database in its own temporary directory.
class VouchdServer {
 public:
  VouchdServer() = default;
  VouchdServer(const VouchdServer&) = delete;
  VouchdServer& operator=(const VouchdServer&) = delete;
  ~VouchdServer() { stop(); }

  const TempDir& dir() const { return dir_; }
  std::string db() const { return dir_.file("vouchd.db"); }

  // `vouchd init` on this server's database.
  void init() { expect_ok(run_vouchd({"init", "--db", db()})); }
  // Writes `text` to a file and imports it as a zone of `kind`.
  void import_zone(const std::string& kind, const std::string& text) {
    const std::string path = dir_.file("zone" + std::to_string(++files_) + ".zone");
    std::ofstream(path) << text;
    expect_ok(run_vouchd({"import", "--db", db(), "--kind", kind, path}));
  }

  // Starts `vouchd serve` and waits (at most `deadline`) for "vouchd: ready".
  void start(std::vector<std::string> extra = {},
             std::chrono::milliseconds deadline = std::chrono::seconds(60)) {
    std::vector<std::string> args = {vouchd_binary(), "serve",       "--db",      db(),
                                     "--dns",         "127.0.0.1:0", "--threads", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    stderr_path_ = dir_.file("serve.stderr");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      const int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(err, 2);
      close(out[0]);
      std::vector<char*> argv;
      for (std::string& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    if (stdout_fd_ >= 0) close(stdout_fd_);  // a restart after kill9()
    stdout_fd_ = out[0];
    dns_port_ = http_port_ = 0;
    wait_ready(deadline);
  }

  std::uint16_t dns_port() const { return dns_port_; }
  // The port of "vouchd: listening http[s] 127.0.0.1:PORT" (0 if serve was started without --http).
  std::uint16_t http_port() const { return http_port_; }
  pid_t pid() const { return pid_; }
  std::string stderr_text() const {
    std::ifstream in(stderr_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // SIGTERM, then SIGKILL if it has not exited within five seconds. Returns the exit status.
  int stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > until) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      poll(nullptr, 0, 10);  // waiting for a child to exit: nothing to poll on but time
    }
    pid_ = -1;
    if (stdout_fd_ >= 0) close(stdout_fd_);
    stdout_fd_ = -1;
    return status;
  }

  // SIGKILL at once (durability tests).
  void kill9() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  static void expect_ok(const CommandResult& r) {
    if (r.exit_code != 0) throw std::runtime_error("vouchd failed: " + r.out);
  }

  void wait_ready(std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::string buffered;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw std::runtime_error("vouchd not ready: " + stderr_text());
      pollfd p{stdout_fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[1024];
      const ssize_t n = read(stdout_fd_, buf, sizeof buf);
      if (n <= 0) throw std::runtime_error("vouchd exited: " + stderr_text());
      buffered.append(buf, static_cast<std::size_t>(n));
      std::size_t nl;
      while ((nl = buffered.find('\n')) != std::string::npos) {
        const std::string line = buffered.substr(0, nl);
        buffered.erase(0, nl + 1);
        const std::string udp = "vouchd: listening dns-udp 127.0.0.1:";
        if (line.rfind(udp, 0) == 0)
          dns_port_ = static_cast<std::uint16_t>(std::stoi(line.substr(udp.size())));
        for (const std::string http :
             {"vouchd: listening http 127.0.0.1:", "vouchd: listening https 127.0.0.1:"}) {
          if (line.rfind(http, 0) == 0)
            http_port_ = static_cast<std::uint16_t>(std::stoi(line.substr(http.size())));
        }
        if (line == "vouchd: ready") return;
      }
    }
  }

  TempDir dir_;
  int files_ = 0;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string stderr_path_;
  std::uint16_t dns_port_ = 0;
  std::uint16_t http_port_ = 0;
};

}  // namespace vouchd::testing
