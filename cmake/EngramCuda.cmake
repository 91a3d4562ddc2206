# Decides whether the CUDA backend is built; sets ENGRAM_HAVE_CUDA.
set(ENGRAM_HAVE_CUDA OFF)
if(NOT ENGRAM_CUDA STREQUAL "OFF")
  if(NOT CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(CMAKE_CUDA_HOST_COMPILER ${CMAKE_CXX_COMPILER})
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 90)  # H100; override with -DCMAKE_CUDA_ARCHITECTURES=native
    endif()
    enable_language(CUDA)
    set(CMAKE_CUDA_STANDARD 17)  # CMake 3.25 cannot ask nvcc for C++20; kernels/common stays C++17
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    set(CMAKE_CUDA_RUNTIME_LIBRARY Shared)  # one cudart: the shared library every target links
    find_package(CUDAToolkit REQUIRED)
    set(ENGRAM_HAVE_CUDA ON)
  elseif(ENGRAM_CUDA STREQUAL "ON")
    message(FATAL_ERROR "ENGRAM_CUDA=ON but no working nvcc was found")
  endif()
endif()
