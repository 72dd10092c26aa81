-- End-to-end test of editors/nvim in a real, headless Neovim (0.7.2 on Debian 12) against the
-- real secretls binary: diagnostics at exact columns with non-ASCII text before the key,
-- incremental edits, hover, the quick fix applied, and :checkhealth secretls.
-- Run by tests/editors/run_nvim.sh (which sets SECRETLS_SERVER and SECRETLS_WORKDIR).

local server = assert(os.getenv('SECRETLS_SERVER'), 'SECRETLS_SERVER is not set')
local workdir = assert(os.getenv('SECRETLS_WORKDIR'), 'SECRETLS_WORKDIR is not set')
local RULE = 'mailgun-api-key'
local WAIT_MS = 10000

local function log(fmt, ...)
  io.stderr:write(('[nvim-test] ' .. fmt .. '\n'):format(...))
end

local function skip(what, why)
  io.stderr:write(('\n*** SKIPPED: %s: %s ***\n\n'):format(what, why))
end

-- A fake Mailgun private key generated now: `key-` + 32 random lowercase hex digits.
local function fake_key()
  local urandom = assert(io.open('/dev/urandom', 'rb'))
  local bytes = urandom:read(16)
  urandom:close()
  return 'key-' .. bytes:gsub('.', function(c)
    return ('%02x'):format(c:byte())
  end)
end

local secret = fake_key()
local function masked(text)
  return (text:gsub(vim.pesc(secret), 'key-…' .. secret:sub(-4)))
end

local function check(cond, fmt, ...)
  if not cond then
    error(masked(('check failed: ' .. fmt):format(...)), 2)
  end
end

local function wait_for(what, predicate)
  local ok = vim.wait(WAIT_MS, predicate, 20)
  check(ok, 'timed out after %d ms waiting for %s', WAIT_MS, what)
end

-- Raw publishDiagnostics params, to check the UTF-16 columns the server sent before Neovim
-- converts them to byte columns.
local raw = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  raw[result.uri] = result
  return default_publish(err, result, ctx, config)
end

local function rule_diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'secretls' and (d.code == RULE or (d.user_data and d.user_data.lsp
        and d.user_data.lsp.code == RULE)) then
      table.insert(out, d)
    end
  end
  return out
end

local function raw_rule_diagnostics(uri)
  local out = {}
  for _, d in ipairs(raw[uri] and raw[uri].diagnostics or {}) do
    if d.code == RULE then
      table.insert(out, d)
    end
  end
  return out
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local function secretls_client(bufnr)
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == 'secretls' then
      return client
    end
  end
end

-- Waits until exactly one finding of RULE sits at byte column `col` of line `lnum` (0-based),
-- and the server's own range starts at UTF-16 column `u16col`.
local function expect_finding_at(bufnr, uri, lnum, col, u16col)
  wait_for(('the finding at %d:%d'):format(lnum, col), function()
    local d = rule_diagnostics(bufnr)
    return #d == 1 and d[1].lnum == lnum and d[1].col == col
  end)
  local d = rule_diagnostics(bufnr)[1]
  check(d.end_lnum == lnum and d.end_col == col + #secret,
    'finding ends at %d:%d, expected %d:%d', d.end_lnum, d.end_col, lnum, col + #secret)
  check(not d.message:find(secret, 1, true), 'the message shows the secret in clear')
  local r = raw_rule_diagnostics(uri)
  check(#r == 1, 'the server published %d findings of %s', #r, RULE)
  check(r[1].range.start.line == lnum and r[1].range.start.character == u16col,
    'server range starts at %d:%d, expected UTF-16 %d:%d', r[1].range.start.line,
    r[1].range.start.character, lnum, u16col)
  check(r[1].range['end'].character == u16col + #secret, 'server range ends at UTF-16 %d',
    r[1].range['end'].character)
  log('finding %s at line %d byte col %d (UTF-16 col %d): %s', RULE, lnum, col, u16col, d.message)
  return r[1]
end

local function utf16_col(line, bytecol)
  local _, u16 = vim.str_utfindex(line, bytecol)
  return u16
end

local function test_hover(client, bufnr, uri, diag)
  local caps = client.server_capabilities or client.resolved_capabilities
  if not (caps.hoverProvider or caps.hover) then
    skip('hover', 'the server does not advertise hoverProvider')
    return
  end
  local pos = { line = diag.range.start.line, character = diag.range.start.character + 6 }
  local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
    { textDocument = { uri = uri }, position = pos }, WAIT_MS)
  local reply = replies and replies[client.id]
  check(reply and reply.result, 'no hover reply from secretls: %s', vim.inspect(reply))
  local text = table.concat(vim.lsp.util.convert_input_to_markdown_lines(reply.result.contents), '\n')
  check(text:lower():find('mailgun'), 'the hover does not name Mailgun: %s', text)
  check(not text:find(secret, 1, true), 'the hover shows the secret in clear')
  log('hover: %d characters of markdown naming Mailgun, secret masked', #text)
end

local function pick_fix(actions)
  local best
  for _, action in ipairs(actions) do
    local kind = action.kind or ''
    if kind == 'quickfix' or kind:find('^quickfix%.') then
      if action.isPreferred then
        return action
      end
      if not best and (action.title or ''):lower():find('environment') then
        best = action
      end
    end
  end
  return best
end

local function test_fix(client, bufnr, uri, diag, path)
  local caps = client.server_capabilities or client.resolved_capabilities
  if not (caps.codeActionProvider or caps.code_action) then
    skip('quick fix', 'the server does not advertise codeActionProvider')
    return
  end
  local params = { textDocument = { uri = uri }, range = diag.range,
                   context = { diagnostics = { diag } } }
  local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, WAIT_MS)
  local reply = replies and replies[client.id]
  check(reply and reply.result, 'no codeAction reply: %s', masked(vim.inspect(reply)))
  local titles = {}
  for _, a in ipairs(reply.result) do
    table.insert(titles, a.title)
  end
  log('code actions: %s', table.concat(titles, ' | '))
  local action = pick_fix(reply.result)
  check(action, 'no preferred quickfix among the code actions')
  if not action.edit and not action.command and caps.codeActionProvider.resolveProvider then
    local resolved = client.request_sync('codeAction/resolve', action, WAIT_MS, bufnr)
    action = resolved and resolved.result or action
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  if action.command then
    local command = type(action.command) == 'table' and action.command or action
    client.request_sync('workspace/executeCommand', command, WAIT_MS, bufnr)
  end
  wait_for('the secret to leave the buffer', function()
    return not buffer_text(bufnr):find(secret, 1, true)
  end)
  local text = buffer_text(bufnr)
  check(text:find('MAILGUN', 1, true), 'the fixed buffer names no MAILGUN variable:\n%s', text)
  check(text:find('os.environ', 1, true) or text:find('os.getenv', 1, true),
    'the fixed buffer reads no environment variable:\n%s', text)
  check(text:find('名前', 1, true), 'the fix lost the non-ASCII text:\n%s', text)
  log('fix applied (%s); buffer now:\n%s', action.title, text)
  vim.cmd('write')
  local on_disk = table.concat(vim.fn.readfile(path), '\n')
  check(on_disk == text, 'the saved file differs from the buffer')
  if vim.fn.executable('python3') == 1 then
    vim.fn.system({ 'python3', '-m', 'py_compile', path })
    check(vim.v.shell_error == 0, 'the fixed file is not valid Python')
    log('python3 -m py_compile accepts the fixed file')
  end
  wait_for('the finding to disappear after the fix', function()
    return #rule_diagnostics(bufnr) == 0 and raw[uri] ~= nil and #raw_rule_diagnostics(uri) == 0
  end)
end

local function test_checkhealth()
  vim.cmd('checkhealth secretls')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  check(text:find('server found', 1, true), 'checkhealth did not find the server:\n%s', text)
  check(text:find('attached to the current buffer', 1, true),
    'checkhealth says secretls is not attached:\n%s', text)
  check(not text:find('ERROR', 1, true), 'checkhealth reports an error:\n%s', text)
  log('checkhealth secretls: OK')
  vim.cmd('tabclose')
end

local function main()
  local started = vim.loop.hrtime()
  vim.opt.runtimepath:append(assert(os.getenv('SECRETLS_PLUGIN_DIR')))
  vim.cmd('filetype on') -- -u NONE switches detection off: didOpen would carry languageId ""
  require('secretls').setup({
    cmd = { server },
    init_options = { debounceMs = 0 },
    flags = { debounce_text_changes = 0 }, -- one didChange per edit, at once
  })
  log('client API: %s', require('secretls').api_level())

  local path = workdir .. '/settings.py'
  local line = 'config = {"名前": "🔑 ünïcödé", "mailgun": "' .. secret .. '"}'
  vim.fn.writefile({ '# Übersicht der Dienste — сервисы', line, 'print(config)' }, path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  check(vim.bo.filetype == 'python', 'filetype is %q', vim.bo.filetype)
  wait_for('secretls to attach', function()
    return secretls_client(bufnr) ~= nil and secretls_client(bufnr).initialized ~= false
  end)
  local client = secretls_client(bufnr)

  -- 1. Diagnostics at exact columns: the line holds 2-, 3- and 4-byte characters (the
  -- emoji is a UTF-16 surrogate pair) before the key.
  local col = line:find(secret, 1, true) - 1
  expect_finding_at(bufnr, uri, 1, col, utf16_col(line, col))

  -- 2. Incremental edits: insert before the key, break the key, restore it.
  vim.api.nvim_buf_set_text(bufnr, 1, 0, 1, 0, { 'ä = 1; ' })
  line = vim.api.nvim_buf_get_lines(bufnr, 1, 2, false)[1]
  col = line:find(secret, 1, true) - 1
  expect_finding_at(bufnr, uri, 1, col, utf16_col(line, col))
  vim.api.nvim_buf_set_text(bufnr, 1, col + 10, 1, col + 11, { '' })
  wait_for('the finding to go when the key is cut short', function()
    return #rule_diagnostics(bufnr) == 0 and #raw_rule_diagnostics(uri) == 0
  end)
  log('cut key: finding gone')
  vim.api.nvim_buf_set_text(bufnr, 1, col + 10, 1, col + 10, { secret:sub(11, 11) })
  check(buffer_text(bufnr):find(secret, 1, true), 'the key was not restored')
  local diag = expect_finding_at(bufnr, uri, 1, col, utf16_col(line, col))

  -- 3. Hover and 4. the quick fix (each skipped loudly when the server lacks it).
  test_hover(client, bufnr, uri, diag)
  test_fix(client, bufnr, uri, diag, path)

  -- 5. :checkhealth secretls
  test_checkhealth()

  client.stop()
  wait_for('the client to stop', function()
    return client.is_stopped()
  end)
  log('PASS in %.2f s', (vim.loop.hrtime() - started) / 1e9)
end

local ok, err = xpcall(main, debug.traceback)
if ok then
  vim.cmd('qall!')
else
  io.stderr:write(masked('[nvim-test] FAIL: ' .. tostring(err)) .. '\n')
  vim.cmd('cquit!')
end
