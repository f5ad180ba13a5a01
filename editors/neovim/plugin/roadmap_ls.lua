-- :RoadmapLesson opens the lesson of the roadmap concept under the cursor.
-- It asks roadmap-ls (workspace/executeCommand roadmap.openLesson with the cursor's
-- {uri, position}) for the link. The server opens it with window/showDocument, which
-- Neovim hands to vim.ui.open (your browser); the link is also printed.
if vim.g.loaded_roadmap_ls then
  return
end
vim.g.loaded_roadmap_ls = true

local function open_lesson()
  local bufnr = vim.api.nvim_get_current_buf()
  local clients = vim.lsp.get_clients({ bufnr = bufnr, name = 'roadmap_ls' })
  local client = clients[1]
  if not client then
    vim.notify('roadmap-ls is not attached to this buffer', vim.log.levels.WARN)
    return
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  client:request('workspace/executeCommand', {
    command = 'roadmap.openLesson',
    arguments = { { uri = params.textDocument.uri, position = params.position } },
  }, function(err, result)
    if err then
      vim.notify('roadmap.openLesson: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    if type(result) ~= 'string' or result == '' then
      vim.notify('No roadmap concept under the cursor', vim.log.levels.INFO)
      return
    end
    print('Lesson: ' .. result)
  end, bufnr)
end

vim.api.nvim_create_user_command('RoadmapLesson', open_lesson, {
  desc = 'Open the roadmap lesson of the concept under the cursor',
})
