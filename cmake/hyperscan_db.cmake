# The detectors library, with the built-in rules and their Hyperscan databases prepared at
# build time (detectors/precompiled.h explains why: start-up time).
#
#   secretls_detectors_core  detectors/*.cpp + the embedded rule TOML (object library)
#   secretls_precompile      a small generator linked with the core (and no bundle)
#   builtin_bundle.{bin,cpp} its output: parsed rules + serialized Hyperscan databases
#   secretls_detectors       core + bundle: what the server, CLI and tests link
#
# Expects BUILTIN_RULES_CPP (cmake/embed_rules.cmake's output) to be defined.
get_filename_component(SECRETLS_ROOT ${CMAKE_CURRENT_LIST_DIR} DIRECTORY)
file(GLOB DETECTOR_SOURCES CONFIGURE_DEPENDS ${SECRETLS_ROOT}/detectors/*.cpp)
set(DETECTOR_DEPENDENCIES PkgConfig::RE2 PkgConfig::HS tomlplusplus::tomlplusplus fmt::fmt
                          Threads::Threads)

add_library(secretls_detectors_core OBJECT ${DETECTOR_SOURCES} ${BUILTIN_RULES_CPP})
target_include_directories(secretls_detectors_core PUBLIC ${SECRETLS_ROOT})
target_link_libraries(secretls_detectors_core PUBLIC ${DETECTOR_DEPENDENCIES})

add_executable(secretls_precompile ${SECRETLS_ROOT}/detectors/precompile/main.cpp
                                   ${SECRETLS_ROOT}/detectors/precompile/no_bundle.cpp
                                   $<TARGET_OBJECTS:secretls_detectors_core>)
target_include_directories(secretls_precompile PRIVATE ${SECRETLS_ROOT})
target_link_libraries(secretls_precompile PRIVATE ${DETECTOR_DEPENDENCIES})

set(BUILTIN_BUNDLE_BIN ${CMAKE_BINARY_DIR}/generated/builtin_bundle.bin)
set(BUILTIN_BUNDLE_CPP ${CMAKE_BINARY_DIR}/generated/builtin_bundle.cpp)
add_custom_command(
  OUTPUT ${BUILTIN_BUNDLE_BIN} ${BUILTIN_BUNDLE_CPP}
  COMMAND secretls_precompile ${BUILTIN_BUNDLE_BIN} ${BUILTIN_BUNDLE_CPP}
  DEPENDS secretls_precompile
  COMMENT "Precompiling built-in rules and their Hyperscan databases"
  VERBATIM)
# The .cpp pulls the .bin in with .incbin: recompile it when the bundle changes.
set_source_files_properties(${BUILTIN_BUNDLE_CPP} PROPERTIES OBJECT_DEPENDS ${BUILTIN_BUNDLE_BIN})

add_library(secretls_detectors STATIC $<TARGET_OBJECTS:secretls_detectors_core>
                                      ${BUILTIN_BUNDLE_CPP})
target_include_directories(secretls_detectors PUBLIC ${SECRETLS_ROOT})
target_link_libraries(secretls_detectors PUBLIC ${DETECTOR_DEPENDENCIES})
