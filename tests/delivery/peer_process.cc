#include "delivery/peer_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

extern char** environ;

namespace billing::testing {
namespace {

void StopChild(pid_t pid) {
  kill(pid, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    absl::SleepFor(absl::Milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace

absl::StatusOr<std::unique_ptr<PeerProcess>> PeerProcess::Start(
    const std::vector<std::string>& argv, absl::Duration ready_timeout) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return absl::InternalError("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // The peer's stdout and stderr both come back, so that a failure to start
  // (a missing module, a bad flag) shows in the test's message.
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    return absl::InternalError(absl::StrCat("cannot run ", argv[0], ": ", strerror(rc)));
  }

  std::string output;
  const absl::Time deadline = absl::Now() + ready_timeout;
  while (true) {
    size_t start = output.starts_with("LISTENING ") ? 0 : output.find("\nLISTENING ");
    if (start != std::string::npos) {
      if (start > 0) ++start;
      size_t line_end = output.find('\n', start);
      int port = 0;
      if (line_end != std::string::npos &&
          absl::SimpleAtoi(output.substr(start + 10, line_end - start - 10), &port)) {
        // The pipe stays open: a peer that logs later must not die of EPIPE.
        return std::unique_ptr<PeerProcess>(new PeerProcess(pid, port, pipe_fds[0]));
      }
    }
    absl::Duration left = deadline - absl::Now();
    pollfd fd{.fd = pipe_fds[0], .events = POLLIN};
    int ready = left > absl::ZeroDuration()
                    ? poll(&fd, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1)
                    : 0;
    char buffer[4096];
    ssize_t got = ready > 0 ? read(pipe_fds[0], buffer, sizeof(buffer)) : 0;
    if (got <= 0) {
      close(pipe_fds[0]);
      StopChild(pid);
      return absl::UnavailableError(absl::StrCat(
          "peer ", absl::StrJoin(argv, " "), " did not report LISTENING within ",
          absl::FormatDuration(ready_timeout), "; it printed: ", output));
    }
    output.append(buffer, static_cast<size_t>(got));
  }
}

PeerProcess::~PeerProcess() {
  StopChild(pid_);
  close(output_fd_);
}

std::string MakeTempDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  std::filesystem::path dir = std::filesystem::path(base != nullptr ? base : "/tmp") /
                              absl::StrCat("billing-delivery-", getpid(), "-", name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool WaitFor(const std::function<bool()>& done, absl::Duration wait) {
  const absl::Time deadline = absl::Now() + wait;
  while (absl::Now() < deadline) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return done();
}

}  // namespace billing::testing
