; async for chunk in stream: ...
(for_statement
  "async") @occurrence

; async with lock: ...
(with_statement
  "async") @occurrence

; [row async for row in cursor]
(for_in_clause
  "async") @occurrence
