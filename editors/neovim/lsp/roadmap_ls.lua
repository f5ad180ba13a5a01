-- roadmap-ls for Neovim 0.11+ (vim.lsp.config format).
-- Put this folder on 'runtimepath' (or copy this file to ~/.config/nvim/lsp/) and call
--   vim.lsp.enable('roadmap_ls')
-- Override any field with vim.lsp.config('roadmap_ls', { settings = { roadmap = {...} } }).
return {
  cmd = { 'roadmap-ls' },
  filetypes = { 'python' },
  root_markers = { 'pyproject.toml', 'setup.py', '.git' },
  -- Neovim 0.11 pulls diagnostics (textDocument/diagnostic) on open and on edits, but
  -- cannot be asked to re-pull. Offering workspace/diagnostic/refresh lets a settings
  -- change (workspace/didChangeConfiguration) show at once instead of after the next edit.
  -- `diagnostics` is the protocol's name; the server (lsp-types 0.97) reads the singular
  -- `diagnostic`, so both are offered.
  capabilities = {
    workspace = {
      diagnostics = { refreshSupport = true },
      diagnostic = { refreshSupport = true },
    },
  },
  handlers = {
    ['workspace/diagnostic/refresh'] = function(_, _, ctx)
      local client = vim.lsp.get_client_by_id(ctx.client_id)
      if client then
        for bufnr in pairs(client.attached_buffers) do
          client:request('textDocument/diagnostic', {
            textDocument = { uri = vim.uri_from_bufnr(bufnr) },
          }, nil, bufnr)
        end
      end
      return vim.NIL
    end,
  },
  -- The server's defaults, spelled out so they are easy to change (see the README's
  -- configuration table). They are sent with workspace/didChangeConfiguration and
  -- answer workspace/configuration.
  settings = {
    roadmap = {
      roadmaps = { 'intermediate', 'expert' }, -- which roadmaps are active
      severity = 'hint', -- 'hint' | 'information' | 'warning' | 'error' | 'off'
      occurrences = 'first', -- 'first' | 'all'
      disabledConcepts = {}, -- concept ids never reported
      -- minimumStage = { intermediate = 3 }, -- hide concepts of earlier stages
      -- lessonUrlTemplate = 'https://course.example/python/{id}',
      maxFileSize = 2097152, -- bytes; larger documents are not analysed
    },
  },
}
