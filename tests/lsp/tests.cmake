# Raw-framing transcripts (tests/lsp/raw/*.raw): byte-exact Content-Length cases (CRLF,
# header spellings, corrupt and oversized frames, truncated input), run by the same runner
# as the *.jsonrpc transcripts that tests/CMakeLists.txt registers.
file(GLOB raw_transcripts CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/raw/*.raw)
foreach(t IN LISTS raw_transcripts)
  get_filename_component(name ${t} NAME_WE)
  add_test(NAME "lsp-raw: ${name}"
           COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/run_transcript.py
                   $<TARGET_FILE:secretls> ${t})
endforeach()
