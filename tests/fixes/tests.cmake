# Real-parser tests of the quick-fixes: each language's fixed code must parse with that
# language's own parser or compiler, and the secret must be gone. A missing parser makes
# the test SKIP (exit code 77) with a message saying which tool is missing.
# TypeScript's compiler comes from npm, not Debian: -DSECRETLS_TSC=/path/to/tsc uses one.
add_executable(fixes_parse_check ${CMAKE_CURRENT_LIST_DIR}/parse_check.cpp)
target_link_libraries(fixes_parse_check PRIVATE secretls_server)
set(SECRETLS_TSC "" CACHE FILEPATH "tsc for the TypeScript quick-fix test (optional)")
foreach(lang python javascript typescript go java ruby php rust c cpp shellscript yaml
             docker-compose github-actions json toml terraform)
  add_test(NAME "fixes: ${lang} parses" COMMAND fixes_parse_check ${lang})
  set_tests_properties("fixes: ${lang} parses" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                       ENVIRONMENT "SECRETLS_TSC=${SECRETLS_TSC}")
endforeach()

# A measurement tool, not a test: tests/fixes/corpus_coverage.py runs it over held-out files.
add_executable(fixes_apply ${CMAKE_CURRENT_LIST_DIR}/apply_fixes.cpp)
target_link_libraries(fixes_apply PRIVATE secretls_server)
