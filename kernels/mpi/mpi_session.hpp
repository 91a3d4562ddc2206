#pragma once
// MPI for the engram executable (docs/distributed.md): initialised when the process was started
// by mpirun (or any launcher that sets the PMI/PMIx environment), never otherwise, so a plain
// `engram run` needs no MPI runtime. Rank and size of MPI_COMM_WORLD; 0 and 1 without MPI.
#include <string>

namespace engram::mpi {

bool launched_by_mpirun();

class session {
 public:
  session(int& argc, char**& argv);  // MPI_Init_thread when launched_by_mpirun()
  ~session();                        // MPI_Finalize
  session(const session&) = delete;
  session& operator=(const session&) = delete;
};

int rank();
int size();
bool distributed();  // more than one rank
// After an error on this rank: the others may wait in a collective for ever, so the whole job
// stops (MPI_Abort with `code`). Without MPI, std::exit(code).
[[noreturn]] void abort_job(int code);
// "rank 1 of 4: " in distributed runs, "" otherwise (for error messages).
std::string rank_prefix();

}  // namespace engram::mpi
