#pragma once
// `bitstamp-connector sync --once` as a child process, for the kill -9 tests of both connectors.
// Everything the child needs is prepared before fork(): a server thread of the parent may hold
// the allocator's lock at that instant, so the child calls nothing but open, dup2 and exec.

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace harness::testing {

// Its standard output (and standard error, unless `keep_stderr`) go to `output` (appended;
// "/dev/null" drops them).
inline pid_t spawn_sync_once(const char* program, const std::string& config, const std::string& store,
                             const std::string& output, bool keep_stderr, bool verbose) {
  std::vector<const char*> argv = {program, "sync", "--config", config.c_str(), "--store", store.c_str(), "--once"};
  if (verbose) argv.push_back("--verbose");
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (!keep_stderr) ::dup2(out, STDERR_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::execv(program, const_cast<char* const*>(argv.data()));
    ::_exit(127);
  }
  return child;
}

// The child's wait status.
inline int wait_for(pid_t child) {
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

}  // namespace harness::testing
