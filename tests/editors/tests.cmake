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

# VS Code: a fast protocol-level check with the extension's LSP library stack, then the
# real thing (the .vsix in code-server, driven by Chromium). Installs are cached under
# ~/.cache/secretls-editors (install.sh); the first run fills the cache.
add_test(NAME "editors: vscode protocol"
         COMMAND ${editor_tests_dir}/vscode/run_protocol.sh $<TARGET_FILE:secretls>)
add_test(NAME "editors: vscode"
         COMMAND ${editor_tests_dir}/vscode/run_vscode.sh $<TARGET_FILE:secretls>
                 ${CMAKE_BINARY_DIR}/editors-vscode)
set_tests_properties("editors: vscode protocol" PROPERTIES TIMEOUT 300 LABELS editors)
# The first run fills the cache (2-8 minutes: code-server's native modules); after that the
# test takes 30-70 s. The script bounds each stage itself.
set_tests_properties("editors: vscode" PROPERTIES TIMEOUT 1300 LABELS editors RUN_SERIAL ON)
