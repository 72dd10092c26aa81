-- Native configuration for Neovim 0.11+: with this directory on 'runtimepath',
-- `vim.lsp.enable('secretls')` is all it takes (no filetypes = every file type).
-- Override with vim.lsp.config('secretls', { cmd = { '/path/to/secretls' } }).
return {
  cmd = { 'secretls' },
  root_markers = { '.secretls.toml', '.gitleaks.toml', '.git' },
  settings = { secretls = {} },
}
