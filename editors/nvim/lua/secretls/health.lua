-- :checkhealth secretls: is the server executable found, does it run, which client API is
-- used, and is a client attached to the current buffer.
local M = {}

-- vim.health.start/ok/... arrived in 0.10; 0.7-0.9 have health.report_*.
local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local report_error = health.error or health.report_error
local info = health.info or health.report_info

local function check_server(cmd)
  local exe = cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    report_error(('server %q not found or not executable'):format(exe), {
      'Build it (scripts/build.sh release) and put build/secretls on PATH,',
      "or pass its full path: require('secretls').setup({ cmd = { '/path/to/secretls' } })",
    })
    return
  end
  ok(('server found: %s'):format(vim.fn.exepath(exe)))
  local output = vim.fn.system({ exe, '--version' })
  if vim.v.shell_error == 0 then
    ok('server runs: ' .. vim.trim(output):gsub('\n.*', ''))
  else
    warn(('`%s --version` exited with %d'):format(exe, vim.v.shell_error))
  end
end

function M.check()
  start('secretls')
  local secretls = require('secretls')
  if vim.fn.has('nvim-0.7') ~= 1 then
    report_error('Neovim 0.7 or newer is required')
  end
  ok('client API: ' .. secretls.api_level())
  if not secretls.config then
    warn("setup() has not run", { "add require('secretls').setup() to your init.lua" })
    check_server(secretls.defaults.cmd)
    return
  end
  check_server(secretls.config.cmd)
  local attached = false
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = 0 }) or vim.lsp.buf_get_clients(0)
  for _, client in pairs(clients) do
    if client.name == 'secretls' then
      attached = true
    end
  end
  if attached then
    ok('attached to the current buffer')
  else
    info('not attached to the current buffer (normal file buffers only)')
  end
end

return M
