# End-to-end: a small real LSP client (Python) drives the real binary over pipes.
add_test(NAME "e2e: lsp client"
         COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/lsp_client_test.py $<TARGET_FILE:secretls>)
set_tests_properties("e2e: lsp client" PROPERTIES TIMEOUT 300)
add_test(NAME "e2e: configuration reload"
         COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/config_reload_test.py $<TARGET_FILE:secretls>)
set_tests_properties("e2e: configuration reload" PROPERTIES TIMEOUT 120)
add_test(NAME "e2e: command line (--staged, stdin, --help)"
         COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/cli_staged_test.py $<TARGET_FILE:secretls>)
set_tests_properties("e2e: command line (--staged, stdin, --help)" PROPERTIES TIMEOUT 120)
