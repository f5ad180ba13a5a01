; try: ... except ValueError: ...    (also except*)
(try_statement
  (except_clause)) @occurrence
