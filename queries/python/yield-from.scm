; yield from walk(child)
(yield
  "from") @occurrence
