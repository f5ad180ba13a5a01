; f"Hello, {name}!"
(string
  (string_start) @_start
  (#match? @_start "[fF]")) @occurrence

; "Hello, " f"{name}!"    (a concatenation counts once, at its first part)
(concatenated_string
  (string
    (string_start) @_start)
  (#match? @_start "[fF]")) @occurrence
