# Real-editor end-to-end tests: Neovim, Emacs (eglot and the flymake backend) and VS Code
# (code-server driven by Chromium) against the real secretls binary. Each script times out
# by itself and prints how long it took.
set(editor_tests_dir ${CMAKE_CURRENT_LIST_DIR})

add_test(NAME "editors: nvim"
         COMMAND ${editor_tests_dir}/run_nvim.sh $<TARGET_FILE:secretls>)
set_tests_properties("editors: nvim" PROPERTIES TIMEOUT 90 LABELS editors)
