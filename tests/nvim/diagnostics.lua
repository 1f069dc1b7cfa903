-- Run by tests/server.rs: Neovim (headless) opens a draft, attaches
-- `claimlint server` through integrations/neovim/claimlint.lua, waits for
-- the diagnostics and writes them, one JSON object a line, to $OUT:
-- 0-based line and byte column (Neovim's own units) and the code. The
-- Rust test compares them with `claimlint check --format json`.
local bin = os.getenv("CLAIMLINT_BIN")
local out = os.getenv("OUT")
package.path = os.getenv("PLUGIN_DIR") .. "/?.lua;" .. package.path
local claimlint = require("claimlint")

local id = claimlint.attach(0, { cmd = { bin, "server" } })
local done = vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0
end, 20)

local lines = {}
if not done or id == nil then
  table.insert(lines, '{"error": "no diagnostics"}')
end
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  table.insert(lines, vim.fn.json_encode({
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, code = code,
  }))
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 20)
vim.cmd("qa!")
