; try: ... except* OSError: ...
(try_statement
  (except_clause
    "*")) @occurrence
