; path.read_text()    Path("out.txt").write_bytes(data)
(call
  function: (attribute
    attribute: (identifier) @_method) @occurrence
  (#any-of? @_method "read_text" "write_text" "read_bytes" "write_bytes"))
