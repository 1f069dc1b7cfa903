-- claimlint for Neovim 0.7 and later: starts `claimlint server` once and
-- attaches every Markdown buffer to it. Diagnostics, hover (K), code
-- actions and completion come from the server.
--
-- Put this file on your 'runtimepath' as lua/claimlint.lua (or copy it
-- into your config) and call:
--
--   require("claimlint").setup()                        -- `claimlint` on PATH
--   require("claimlint").setup({ cmd = { "/path/to/claimlint", "server" } })
--
-- It uses only vim.lsp.start_client and vim.lsp.buf_attach_client, which
-- Neovim 0.7 has; on 0.8+ `vim.lsp.start` (see docs/editors.md) is shorter.

local M = {}

local client_id = nil

-- The directory of the nearest claimlint.toml above the buffer, else the
-- current directory: the workspace the server's commands walk.
local function root_for(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":p:h")
  local found = vim.fn.findfile("claimlint.toml", dir .. ";")
  if found ~= "" then
    return vim.fn.fnamemodify(found, ":p:h")
  end
  return vim.fn.getcwd()
end

function M.attach(bufnr, opts)
  opts = opts or {}
  if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
    client_id = vim.lsp.start_client({
      name = "claimlint",
      cmd = opts.cmd or { "claimlint", "server" },
      root_dir = root_for(bufnr),
    })
  end
  if client_id ~= nil then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  return client_id
end

function M.setup(opts)
  vim.api.nvim_create_autocmd("FileType", {
    pattern = { "markdown", "mdx" },
    callback = function(args)
      M.attach(args.buf, opts)
    end,
  })
end

return M
