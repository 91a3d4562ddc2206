#include "kernels/mpi/mpi_session.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <mpi.h>
#include <thread>

namespace engram::mpi {
namespace {
bool active = false;
}

bool launched_by_mpirun() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

session::session(int& argc, char**& argv) {
  if (!launched_by_mpirun()) return;
  int provided = 0;
  // Only the main thread calls MPI (OpenMP loops and the background writer never do).
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  active = true;
}

session::~session() {
  if (active) MPI_Finalize();
  active = false;
}

int rank() {
  int r = 0;
  if (active) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  int s = 1;
  if (active) MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

bool distributed() { return size() > 1; }

void abort_job(int code) {
  std::fflush(stdout);
  std::fflush(stderr);
  // A moment for the other ranks to report an error they share (a bad launch, a bad file) before
  // the abort stops them.
  if (active && size() > 1) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    MPI_Abort(MPI_COMM_WORLD, code);
  }
  std::exit(code);
}

std::string rank_prefix() { return distributed() ? fmt::format("rank {} of {}: ", rank(), size()) : std::string(); }

}  // namespace engram::mpi
