# Third-party libraries, all from the distribution (scripts/setup.sh installs them).
find_package(OpenMP REQUIRED COMPONENTS CXX)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)

# CLI11: the system package, else the copy scripts/prepare-device.sh puts in third_party/.
find_package(CLI11 CONFIG QUIET)
if(NOT TARGET CLI11::CLI11)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp PATHS ${PROJECT_SOURCE_DIR}/third_party/cli11/include)
  if(NOT CLI11_INCLUDE_DIR)
    message(FATAL_ERROR "CLI11 not found: run scripts/setup.sh (or scripts/prepare-device.sh for the GPU machine)")
  endif()
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()

# nlohmann/json (SONATA configs): the system package, else the copy scripts/prepare-device.sh puts in third_party/.
find_package(nlohmann_json 3 CONFIG QUIET)
if(NOT TARGET nlohmann_json::nlohmann_json)
  find_path(NLOHMANN_JSON_INCLUDE_DIR nlohmann/json.hpp PATHS ${PROJECT_SOURCE_DIR}/third_party/nlohmann_json/include)
  if(NOT NLOHMANN_JSON_INCLUDE_DIR)
    message(FATAL_ERROR "nlohmann/json not found: run scripts/setup.sh (or scripts/prepare-device.sh for the GPU machine)")
  endif()
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  target_include_directories(nlohmann_json::nlohmann_json INTERFACE ${NLOHMANN_JSON_INCLUDE_DIR})
endif()

if(ENGRAM_TESTS)
  find_package(Catch2 REQUIRED)  # v2 (Debian 12) or v3 (GPU machine); tests/catch.hpp bridges them
endif()
