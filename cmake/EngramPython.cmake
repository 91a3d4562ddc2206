# The Python module (python/, docs/python.md): AUTO builds it when pybind11 and Python's headers
# are found, ON requires them (scripts/test.sh: CI must build it), OFF skips it. Sanitized builds
# skip it: an ASan-built extension needs the interpreter started with the runtime preloaded.
set(ENGRAM_HAVE_PYTHON OFF)
if(NOT ENGRAM_PYTHON STREQUAL "OFF" AND NOT ENGRAM_SANITIZE)
  # The distribution's interpreter, whose numpy and pytest scripts/setup.sh installs; a pyenv or
  # virtualenv earlier on PATH usually has neither. -DPython3_EXECUTABLE=... picks another.
  if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python3_EXECUTABLE /usr/bin/python3)
  endif()
  find_package(Python3 COMPONENTS Interpreter Development.Module)
  if(Python3_FOUND)
    find_package(pybind11 CONFIG QUIET)
  endif()
  if(Python3_FOUND AND pybind11_FOUND)
    set(ENGRAM_HAVE_PYTHON ON)
  elseif(ENGRAM_PYTHON STREQUAL "ON")
    message(FATAL_ERROR "ENGRAM_PYTHON=ON but pybind11 or Python's headers are missing: run scripts/setup.sh")
  endif()
endif()
