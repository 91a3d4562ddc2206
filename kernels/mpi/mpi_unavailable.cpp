// The MPI session of a build without MPI (ENGRAM_MPI=OFF or no MPI found): one process, and a
// clear error when started by mpirun, which would otherwise run N copies of the same simulation.
#include <cstdio>
#include <cstdlib>

#include "kernels/mpi/mpi_session.hpp"

namespace engram::mpi {

bool launched_by_mpirun() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

session::session(int&, char**&) {
  if (!launched_by_mpirun()) return;
  std::fprintf(stderr, "engram: error: this engram was built without MPI, so it cannot run under mpirun; "
                       "run scripts/setup.sh (libopenmpi-dev) and rebuild\n");
  std::exit(2);
}
session::~session() = default;
int rank() { return 0; }
int size() { return 1; }
bool distributed() { return false; }
void abort_job(int code) { std::exit(code); }
std::string rank_prefix() { return {}; }

}  // namespace engram::mpi
