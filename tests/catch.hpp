#pragma once
// One include for Catch2 v2 (Debian 12) and v3 (the GPU machine).
#if __has_include(<catch2/catch_test_macros.hpp>)
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
using Catch::Approx;
namespace Catch {
// v2's name for the substring matcher.
inline auto Contains(const std::string& s) { return Matchers::ContainsSubstring(s); }
}  // namespace Catch
#define ENGRAM_CATCH3 1
#else
#include <catch2/catch.hpp>
#endif
