-- End-to-end test of editors/neovim in the real Neovim 0.11 vim.lsp client.
-- Run by test.sh: nvim --headless -u NONE -l test/e2e.lua (env ROADMAP_LS, FIXTURE).
-- Loads the shipped lsp/roadmap_ls.lua and plugin/roadmap_ls.lua through 'runtimepath'.
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h')
vim.opt.runtimepath:prepend(here)
vim.cmd('filetype on')
vim.cmd('runtime plugin/roadmap_ls.lua')

local failures, passes = 0, 0
local function check(ok, what, detail)
  if ok then
    passes = passes + 1
    io.stdout:write('ok   - ' .. what .. '\n')
  else
    failures = failures + 1
    io.stdout:write('FAIL - ' .. what .. (detail and ('  (' .. detail .. ')') or '') .. '\n')
  end
end
local function finish()
  io.stdout:write(string.format('%d passed, %d failed\n', passes, failures))
  vim.cmd(failures == 0 and 'qa!' or 'cquit!')
end

local binary = assert(vim.env.ROADMAP_LS, 'ROADMAP_LS is not set')
local fixture = assert(vim.env.FIXTURE, 'FIXTURE is not set')

-- The shipped config is what vim.lsp.config sees for 'roadmap_ls'; only cmd changes.
local shipped = dofile(here .. '/lsp/roadmap_ls.lua')
check(vim.deep_equal(shipped.cmd, { 'roadmap-ls' }) and vim.deep_equal(shipped.filetypes, { 'python' }),
  'lsp/roadmap_ls.lua has cmd {roadmap-ls} and filetypes {python}')
vim.lsp.config('roadmap_ls', { cmd = { binary } })
check(vim.lsp.config.roadmap_ls.settings.roadmap.severity == 'hint',
  'vim.lsp.config.roadmap_ls resolved from runtimepath (lsp/roadmap_ls.lua)')

-- window/showDocument from the server ends in vim.ui.open: record instead of opening.
local opened = {}
vim.ui.open = function(url)
  table.insert(opened, url)
  return { wait = function() return { code = 0 } end }, nil
end

if vim.env.NVIM_LSP_DEBUG then vim.lsp.log.set_level('debug') end
vim.lsp.enable('roadmap_ls')
vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
local bufnr = vim.api.nvim_get_current_buf()
check(vim.bo[bufnr].filetype == 'python', 'fixture opened with filetype python')

local function roadmap_diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'roadmap' then table.insert(out, d) end
  end
  return out
end

local attached = vim.wait(10000, function()
  return #vim.lsp.get_clients({ bufnr = bufnr, name = 'roadmap_ls' }) > 0
end, 50)
check(attached, 'roadmap_ls attached to the buffer')
if not attached then return finish() end
local client = vim.lsp.get_clients({ bufnr = bufnr, name = 'roadmap_ls' })[1]

local got = vim.wait(10000, function() return #roadmap_diagnostics() > 0 end, 50)
check(got, 'diagnostics with source "roadmap" arrived', 'none within 10 s')
if not got then return finish() end

local by_code = {}
for _, d in ipairs(roadmap_diagnostics()) do by_code[d.code] = d end
for _, code in ipairs({ 'decorator', 'class', 'generator-function', 'closure', 'custom-iterator' }) do
  check(by_code[code] ~= nil, 'diagnostic with code ' .. code)
end
local all_hint = true
for _, d in ipairs(roadmap_diagnostics()) do
  if d.severity ~= vim.diagnostic.severity.HINT then all_hint = false end
end
check(all_hint, 'every roadmap diagnostic has severity Hint (the default)')

local deco = by_code.decorator
if deco then
  check(deco.lnum == 6, 'decorator diagnostic on line 7 (the @functools.wraps line)', 'lnum ' .. deco.lnum)
  check(deco.message == 'Decorator · Intermediate 4.1 Function Decorators', 'decorator message stands alone',
    deco.message)
  local lsp = deco.user_data and deco.user_data.lsp or {}
  local href = lsp.codeDescription and lsp.codeDescription.href
  check(href == 'https://docs.python.org/3/glossary.html#term-decorator',
    'decorator lesson link in user_data.lsp.codeDescription.href', tostring(href))
end

-- Hover on the decorator (line 7, column 5: `@functools.wraps`).
local results = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = 6, character = 5 },
}, 5000)
local hover
for _, r in pairs(results or {}) do
  if r.result and r.result.contents then hover = r.result.contents.value or r.result.contents end
end
hover = type(hover) == 'string' and hover or ''
check(hover:find('### Decorator · `decorator`', 1, true) == 1, 'hover starts with the lesson title', hover:sub(1, 60))
check(hover:find('[Open the lesson](https://docs.python.org/3/glossary.html#term-decorator)', 1, true) ~= nil,
  'hover ends with the lesson link')
local empty = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = 1, character = 0 },
}, 5000)
local none = true
for _, r in pairs(empty or {}) do if r.result ~= nil then none = false end end
check(none, 'hover is empty where there is no concept')

-- :RoadmapLesson from plugin/roadmap_ls.lua, cursor on the decorator.
vim.api.nvim_win_set_cursor(0, { 7, 6 })
check(vim.fn.exists(':RoadmapLesson') == 2, ':RoadmapLesson is defined by plugin/roadmap_ls.lua')
vim.cmd('RoadmapLesson')
local url_ok = vim.wait(5000, function() return #opened > 0 end, 50)
check(url_ok and #opened == 1 and opened[1] == 'https://docs.python.org/3/glossary.html#term-decorator',
  ':RoadmapLesson opens the lesson link (window/showDocument -> vim.ui.open)', vim.inspect(opened))

-- Change a setting: severity "warning", sent as Neovim does for settings.
client.settings = vim.tbl_deep_extend('force', client.settings or {}, { roadmap = { severity = 'warning' } })
client:notify('workspace/didChangeConfiguration', { settings = client.settings })
local changed = vim.wait(10000, function()
  local ds = roadmap_diagnostics()
  if #ds == 0 then return false end
  for _, d in ipairs(ds) do
    if d.severity ~= vim.diagnostic.severity.WARN then return false end
  end
  return true
end, 50)
check(changed, 'after didChangeConfiguration {severity = "warning"} every roadmap diagnostic is a Warning')

client:stop()
finish()
