# Real-editor end-to-end tests: Neovim, Emacs (eglot and the flymake backend) and VS Code
# (code-server driven by Chromium) against the real secretls binary. Each script times out
# by itself and prints how long it took.
set(editor_tests_dir ${CMAKE_CURRENT_LIST_DIR})

add_test(NAME "editors: nvim"
         COMMAND ${editor_tests_dir}/run_nvim.sh $<TARGET_FILE:secretls>)
set_tests_properties("editors: nvim" PROPERTIES TIMEOUT 90 LABELS editors)

add_test(NAME "editors: emacs byte-compile"
         COMMAND ${editor_tests_dir}/run_emacs.sh bytecompile)
foreach(way flymake eglot)
  add_test(NAME "editors: emacs ${way}"
           COMMAND ${editor_tests_dir}/run_emacs.sh ${way} $<TARGET_FILE:secretls>)
endforeach()
set_tests_properties("editors: emacs byte-compile" "editors: emacs flymake" "editors: emacs eglot"
                     PROPERTIES TIMEOUT 120 LABELS editors)
