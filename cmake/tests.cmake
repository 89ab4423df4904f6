# Native tests (included by CMakeLists.txt; not under Emscripten).
#
# The doctest suites of tests/native/ are compiled ONCE, into an object library, and linked
# twice:
#   gradscope_tests       against gradscope_core            (ctest label: native)
#   gradscope_tests_san   against gradscope_core_san, the same core sources built with
#                         AddressSanitizer (+ LeakSanitizer) and UndefinedBehaviorSanitizer
#                         (ctest label: sanitize; test names start with "sanitize: ")
# Sanitizers check the code that is instrumented: the core and the CLI, which is what the
# suites are about. The test files themselves are plain objects (mixing instrumented and
# plain objects in one ASan program is supported), which saves compiling them a second
# time with instrumentation (about 2x the time of an -O3 compile). They are built at -O0:
# they drive the (optimised) core and check its results; -O0 compiles in about 0.7x the
# time of -O1.
# gradscope_tests_san and gradscope_san are not part of `all`: scripts/test-sanitize.sh
# (and npm test) build them. See docs/toolchain.md.
find_package(doctest REQUIRED)
include(CTest)
include(doctest)

file(GLOB GS_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/native/*.cpp)
add_library(gradscope_test_objects OBJECT ${GS_TEST_SOURCES})
target_link_libraries(gradscope_test_objects PUBLIC gs_thirdparty doctest::doctest)
target_include_directories(gradscope_test_objects PRIVATE ${CMAKE_SOURCE_DIR})
target_compile_options(gradscope_test_objects PRIVATE -Wall -Wextra -O0)
# The CLI the tests run: GS_CLI in the environment (the sanitized tests get the sanitized
# CLI that way), else this build's gradscope.
target_compile_definitions(gradscope_test_objects PRIVATE
  GS_SOURCE_DIR="${CMAKE_SOURCE_DIR}" GS_CLI_PATH="$<TARGET_FILE:gradscope>")

add_executable(gradscope_tests $<TARGET_OBJECTS:gradscope_test_objects>)
target_link_libraries(gradscope_tests PRIVATE gradscope_core doctest::doctest)
add_dependencies(gradscope_tests gradscope)
doctest_discover_tests(gradscope_tests PROPERTIES LABELS native)

# ---- the SIMD kernels against their scalar twins, natively ------------------------------
# The doctest program that scripts/test-wasm-kernels.sh runs in WebAssembly, on x86-64:
# simd.cpp through core/kernels/simd128.hpp's SSE2 operations, with the AVX2 matrix
# products (default) and without them (GRADSCOPE_SIMD=sse2). Built with gradscope_tests.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  add_executable(gradscope_simd_test ${CMAKE_SOURCE_DIR}/tests/wasm/kernels_test.cpp)
  target_link_libraries(gradscope_simd_test PRIVATE gradscope_core doctest::doctest)
  add_test(NAME simd_kernels_vs_scalar COMMAND gradscope_simd_test)
  add_test(NAME simd_kernels_vs_scalar_sse2 COMMAND gradscope_simd_test)
  set_tests_properties(simd_kernels_vs_scalar simd_kernels_vs_scalar_sse2 PROPERTIES LABELS native)
  set_tests_properties(simd_kernels_vs_scalar_sse2 PROPERTIES ENVIRONMENT GRADSCOPE_SIMD=sse2)
  add_dependencies(gradscope_tests gradscope_simd_test)
endif()

# ---- the same suites under ASan + LSan + UBSan ------------------------------------------
# gradscope_core_san: gradscope_core's sources, options and definitions (whatever
# CMakeLists.txt gives gradscope_core, e.g. SIMD flags), plus the sanitizers, with -g1
# (file:line in every report frame): at -O0 (every access checked, nothing optimised away;
# half the compile time of -O1 with ASan), except the training step (kernels, network,
# trainer, activations, statistics, optimiser; gradscope_core_san_hot) at -O1, which keeps
# the gradient checks' many steps quick (the suites: 12 s instead of 21 s at -O0).
set(GS_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g1)
get_target_property(_gs_core_sources gradscope_core SOURCES)
set(_gs_hot_sources ${_gs_core_sources})
list(FILTER _gs_hot_sources INCLUDE REGEX "/core/(kernels/[a-z0-9_]+|network|trainer|activation|stats|optimizer)\\.cpp$")
set(_gs_cold_sources ${_gs_core_sources})
list(REMOVE_ITEM _gs_cold_sources ${_gs_hot_sources})
add_library(gradscope_core_san_hot OBJECT EXCLUDE_FROM_ALL ${_gs_hot_sources})
add_library(gradscope_core_san STATIC EXCLUDE_FROM_ALL ${_gs_cold_sources} $<TARGET_OBJECTS:gradscope_core_san_hot>)
foreach(_t gradscope_core_san_hot gradscope_core_san)
  foreach(_p COMPILE_OPTIONS COMPILE_DEFINITIONS INCLUDE_DIRECTORIES LINK_LIBRARIES
             INTERFACE_COMPILE_OPTIONS INTERFACE_COMPILE_DEFINITIONS INTERFACE_INCLUDE_DIRECTORIES
             INTERFACE_LINK_LIBRARIES INTERFACE_LINK_OPTIONS)
    get_target_property(_v gradscope_core ${_p})
    if(_v)
      set_property(TARGET ${_t} PROPERTY ${_p} "${_v}")
    endif()
  endforeach()
  target_compile_options(${_t} PRIVATE ${GS_SAN_FLAGS})
endforeach()
target_compile_options(gradscope_core_san_hot PRIVATE -O1)
set_target_properties(gradscope_core_san_hot gradscope_core_san PROPERTIES GS_SANITIZED ON)
target_compile_options(gradscope_core_san PRIVATE -O0)
target_link_options(gradscope_core_san INTERFACE -fsanitize=address,undefined)

add_executable(gradscope_san EXCLUDE_FROM_ALL core/cli/main.cpp)
get_target_property(_v gradscope COMPILE_OPTIONS)
target_compile_options(gradscope_san PRIVATE ${_v} ${GS_SAN_FLAGS} -O0)
target_link_libraries(gradscope_san PRIVATE gradscope_core_san)
set_target_properties(gradscope_san PROPERTIES GS_SANITIZED ON)

add_executable(gradscope_tests_san EXCLUDE_FROM_ALL $<TARGET_OBJECTS:gradscope_test_objects>)
target_link_libraries(gradscope_tests_san PRIVATE gradscope_core_san doctest::doctest)
add_dependencies(gradscope_tests_san gradscope_san)
# detect_leaks=1: LeakSanitizer at exit; abort_on_error=1: a report kills the process
# (ctest then records a failure); halt_on_error=1: the first UB report is fatal (the code
# is also built with -fno-sanitize-recover=undefined).
set(_gs_san_env
  "GS_CLI=$<TARGET_FILE:gradscope_san>"
  "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
  "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
doctest_discover_tests(gradscope_tests_san TEST_PREFIX "sanitize: "
  PROPERTIES LABELS sanitize ENVIRONMENT "${_gs_san_env}")
# doctest_discover_tests adds a failing "<target>_NOT_BUILT" test while the executable is
# missing; this one is built on request only, so its tests are listed only once it exists.
get_property(_incs DIRECTORY PROPERTY TEST_INCLUDE_FILES)
list(POP_BACK _incs _gs_san_include)
set(_gs_san_guard ${CMAKE_CURRENT_BINARY_DIR}/gradscope_tests_san_guard.cmake)
file(WRITE ${_gs_san_guard}
  "if(EXISTS \"${CMAKE_CURRENT_BINARY_DIR}/gradscope_tests_san\")\n  include(\"${_gs_san_include}\")\nendif()\n")
set_property(DIRECTORY PROPERTY TEST_INCLUDE_FILES ${_incs} ${_gs_san_guard})
