# Optional igraph (>= 0.10) for Louvain communities in the topology metrics (host/analysis/);
# without it the module uses its own Louvain. ENGRAM_IGRAPH: AUTO uses igraph when it links, ON
# requires it, OFF skips it. Everything that needs it links the interface target engram_igraph,
# which carries ENGRAM_HAVE_IGRAPH=1 and the library when igraph is used, and nothing otherwise.
set(ENGRAM_IGRAPH AUTO CACHE STRING "Use igraph for community detection: AUTO, ON or OFF")
set_property(CACHE ENGRAM_IGRAPH PROPERTY STRINGS AUTO ON OFF)

set(ENGRAM_HAVE_IGRAPH OFF)
add_library(engram_igraph INTERFACE)

if(NOT ENGRAM_IGRAPH STREQUAL "OFF")
  # Debian's CMake package lists private dependencies (arpack, glpk, plfit) as link files that
  # only their -dev packages install; the shared library does not need them. Take the package
  # only when all of those files exist, else fall back to pkg-config, which links -ligraph alone.
  find_package(igraph 0.10 CONFIG QUIET)
  set(_engram_igraph_target "")
  if(TARGET igraph::igraph)
    get_target_property(_engram_igraph_deps igraph::igraph INTERFACE_LINK_LIBRARIES)
    set(_engram_igraph_complete ON)
    foreach(_dep IN LISTS _engram_igraph_deps)
      if(IS_ABSOLUTE "${_dep}" AND NOT EXISTS "${_dep}")
        set(_engram_igraph_complete OFF)
      endif()
    endforeach()
    if(_engram_igraph_complete)
      set(_engram_igraph_target igraph::igraph)
    endif()
  endif()
  if(NOT _engram_igraph_target)
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
      pkg_check_modules(ENGRAM_IGRAPH_PC QUIET IMPORTED_TARGET igraph>=0.10)
      if(TARGET PkgConfig::ENGRAM_IGRAPH_PC)
        set(_engram_igraph_target PkgConfig::ENGRAM_IGRAPH_PC)
      endif()
    endif()
  endif()

  # Prove that it compiles and links the calls the module makes before relying on it.
  if(_engram_igraph_target)
    include(CheckCXXSourceCompiles)
    set(CMAKE_REQUIRED_LIBRARIES ${_engram_igraph_target})
    set(CMAKE_REQUIRED_QUIET ON)
    check_cxx_source_compiles([[
      #include <igraph.h>
      int main() {
        igraph_vector_int_t edges, membership;
        igraph_vector_int_init(&edges, 2);
        igraph_vector_int_init(&membership, 0);
        VECTOR(edges)[0] = 0; VECTOR(edges)[1] = 1;
        igraph_t g;
        igraph_create(&g, &edges, 2, IGRAPH_UNDIRECTED);
        igraph_community_multilevel(&g, nullptr, 1.0, &membership, nullptr, nullptr);
        igraph_destroy(&g);
        igraph_vector_int_destroy(&membership);
        igraph_vector_int_destroy(&edges);
        return 0;
      }]] ENGRAM_IGRAPH_LINKS)
    unset(CMAKE_REQUIRED_LIBRARIES)
    unset(CMAKE_REQUIRED_QUIET)
    if(ENGRAM_IGRAPH_LINKS)
      set(ENGRAM_HAVE_IGRAPH ON)
      target_link_libraries(engram_igraph INTERFACE ${_engram_igraph_target})
      target_compile_definitions(engram_igraph INTERFACE ENGRAM_HAVE_IGRAPH=1)
    endif()
  endif()

  if(ENGRAM_IGRAPH STREQUAL "ON" AND NOT ENGRAM_HAVE_IGRAPH)
    message(FATAL_ERROR "ENGRAM_IGRAPH=ON but igraph >= 0.10 was not found or does not link (install libigraph-dev)")
  endif()
endif()
if(ENGRAM_HAVE_IGRAPH)
  message(STATUS "Engram: igraph ON (${_engram_igraph_target})")
else()
  message(STATUS "Engram: igraph OFF")
endif()
