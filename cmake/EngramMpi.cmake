# MPI for distributed runs (docs/distributed.md): AUTO uses it when found (Debian's
# libopenmpi-dev, installed by scripts/setup.sh), ON requires it, OFF builds the engram
# executable without it (it then refuses to run under mpirun with a clear message).
set(ENGRAM_MPI AUTO CACHE STRING "Distributed runs over MPI: AUTO, ON or OFF")
set_property(CACHE ENGRAM_MPI PROPERTY STRINGS AUTO ON OFF)
set(ENGRAM_HAVE_MPI OFF)
if(NOT ENGRAM_MPI STREQUAL "OFF" AND NOT ENGRAM_SANITIZE)  # sanitized builds test files, not ranks
  find_package(MPI COMPONENTS CXX QUIET)
  if(MPI_CXX_FOUND)
    set(ENGRAM_HAVE_MPI ON)
  elseif(ENGRAM_MPI STREQUAL "ON")
    message(FATAL_ERROR "ENGRAM_MPI=ON but no MPI was found: run scripts/setup.sh (libopenmpi-dev)")
  endif()
endif()
if(ENGRAM_HAVE_MPI)
  find_program(ENGRAM_MPIRUN NAMES mpirun mpiexec HINTS ${MPIEXEC_EXECUTABLE})
endif()
