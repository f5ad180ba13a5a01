; if __name__ == "__main__": ...
(if_statement
  condition: (comparison_operator
    (identifier) @_name
    "=="
    (string
      (string_content) @_main))
  (#eq? @_name "__name__")
  (#eq? @_main "__main__")) @occurrence

; if "__main__" == __name__: ...
(if_statement
  condition: (comparison_operator
    (string
      (string_content) @_main)
    "=="
    (identifier) @_name)
  (#eq? @_name "__name__")
  (#eq? @_main "__main__")) @occurrence
