-- secretls for Neovim: starts the secretls language server and attaches it to every normal
-- buffer, next to whatever other language servers the buffer already has (secrets hide in
-- any file type, so there is no filetype list by default).
--
-- Uses the newest client API the running Neovim has:
--   0.11+  vim.lsp.config + vim.lsp.enable (plus a fallback for buffers without a filetype)
--   0.8+   vim.lsp.start (which reuses one client per root directory)
--   0.7    vim.lsp.start_client + vim.lsp.buf_attach_client

local M = {}

M.defaults = {
  -- The server command; `secretls` must be on PATH unless you give a full path.
  cmd = { 'secretls' },
  -- nil = every file type. A list restricts secretls to those file types.
  filetypes = nil,
  -- Sent with workspace/didChangeConfiguration and answered to workspace/configuration.
  settings = { secretls = {} },
  -- initializationOptions, e.g. { debounceMs = 0, disabledRules = { 'generic-password' } }.
  init_options = {},
  -- Files that mark the root of a workspace (the first found upwards wins; else the cwd).
  root_markers = { '.secretls.toml', '.gitleaks.toml', '.git' },
  -- Passed to the client as `flags` (e.g. { debounce_text_changes = 150 }).
  flags = {},
  on_attach = nil,
  capabilities = nil,
}

M.config = nil
-- 0.7 only: client ids per root directory (0.8+ lets vim.lsp.start reuse clients).
local clients_by_root = {}

local function has_filetype(list, ft)
  for _, item in ipairs(list) do
    if item == ft then
      return true
    end
  end
  return false
end

-- Only real file buffers and unnamed scratch buffers a user types into: not help, terminal,
-- quickfix or plugin UI buffers (those have a non-empty 'buftype').
local function wanted(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return false
  end
  local filetypes = M.config.filetypes
  return filetypes == nil or has_filetype(filetypes, vim.bo[bufnr].filetype)
end

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

-- Walks up from the buffer's directory looking for a root marker (works on 0.7, which has
-- no vim.fs).
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.loop.cwd()
  while dir and dir ~= '' do
    for _, marker in ipairs(M.config.root_markers) do
      if exists(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.loop.cwd()
end

local function client_config(bufnr)
  local root = M.root_dir(bufnr)
  return {
    name = 'secretls',
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    settings = M.config.settings,
    init_options = M.config.init_options,
    flags = M.config.flags,
    on_attach = M.config.on_attach,
    capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
  }
end

local function attach_legacy(bufnr)
  local config = client_config(bufnr)
  local id = clients_by_root[config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    if not id then
      vim.notify('secretls: could not start ' .. table.concat(config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- Attaches secretls to `bufnr` (default: the current buffer). Returns the client id.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not M.config or not wanted(bufnr) then
    return nil
  end
  if vim.lsp.start then
    return vim.lsp.start(client_config(bufnr), { bufnr = bufnr })
  end
  return attach_legacy(bufnr)
end

function M.api_level()
  if vim.lsp.config and vim.lsp.enable then
    return 'vim.lsp.config + vim.lsp.enable (0.11+)'
  elseif vim.lsp.start then
    return 'vim.lsp.start (0.8+)'
  end
  return 'vim.lsp.start_client + buf_attach_client (0.7)'
end

-- The 0.11 native way: the config (also shipped as lsp/secretls.lua) enabled by name.
local function enable_native()
  vim.lsp.config('secretls', {
    cmd = M.config.cmd,
    filetypes = M.config.filetypes,
    root_markers = M.config.root_markers,
    settings = M.config.settings,
    init_options = M.config.init_options,
    flags = M.config.flags,
    on_attach = M.config.on_attach,
    capabilities = M.config.capabilities,
  })
  vim.lsp.enable('secretls')
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  -- tbl_deep_extend merges lists index by index; a user's list replaces ours instead.
  for _, key in ipairs({ 'cmd', 'filetypes', 'root_markers' }) do
    if opts and opts[key] then
      M.config[key] = opts[key]
    end
  end
  local group = vim.api.nvim_create_augroup('secretls', { clear = true })
  local native = vim.lsp.config ~= nil and vim.lsp.enable ~= nil
  if native then
    enable_native()
  end
  -- vim.lsp.enable only reacts to FileType, which never fires for buffers without a file
  -- type (unknown extensions, new scratch buffers): cover those, and every buffer on 0.7-0.10.
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile', 'FileType' }, {
    group = group,
    callback = function(args)
      if native and vim.bo[args.buf].filetype ~= '' then
        return
      end
      M.attach(args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.api.nvim_buf_get_name(bufnr) ~= '' then
      if not native or vim.bo[bufnr].filetype == '' then
        M.attach(bufnr)
      end
    end
  end
  vim.api.nvim_create_user_command('SecretlsRestart', function()
    M.restart()
  end, { desc = 'Restart the secretls language server' })
end

-- Stops every secretls client and attaches a fresh one to the loaded buffers.
function M.restart()
  local list = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in ipairs(list) do
    if client.name == 'secretls' then
      client.stop()
    end
  end
  clients_by_root = {}
  vim.defer_fn(function()
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) then
        M.attach(bufnr)
      end
    end
  end, 500)
end

return M
