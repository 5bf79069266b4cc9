// `report --store PATH`: what a store holds.
#include <filesystem>

#include "harness/cli.hpp"
#include "harness/report.hpp"

namespace harness {
namespace {

constexpr const char* report_help = R"(Usage: bitstamp-connector report --store PATH

Prints what a store holds: accounts with their latest balances (exact decimals, with the
minor units and asset beside), payment counts by source, type and status, orders by status,
conversions, and the committed cursors.

Reads only: the file is opened read-only (no journal-mode switch, no migration), so every byte
of it stays as it was, and a store in a read-only place can be reported. A missing file, an
empty one, or a file that is not this connector's store (not SQLite, somebody else's
database, a schema version this program does not know) is refused with exit status 2.
)";

}  // namespace

int run_report(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string store_path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      out << report_help;
      return exit_ok;
    }
    if (args[i] == "--store" && i + 1 < args.size()) {
      store_path = args[++i];
    } else {
      err << "report: unknown argument '" << args[i] << "'\n\n" << report_help;
      return exit_usage;
    }
  }
  if (store_path.empty()) {
    err << "report: --store PATH is required\n\n" << report_help;
    return exit_usage;
  }
  if (!std::filesystem::is_regular_file(store_path)) {
    err << "report: no store at " << store_path << "\n";
    return exit_usage;
  }
  try {
    const SqliteStore store(store_path, StoreAccess::read_only);
    print_report(store, out);
    return exit_ok;
  } catch (const StoreError& error) {
    err << "report: " << error.what() << "\n";
    return exit_usage;
  }
}

}  // namespace harness
