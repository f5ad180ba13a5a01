; if __name__ == "__main__": ...    (not f"__main__" or b"__main__")
(if_statement
  condition: (comparison_operator
    .
    (identifier) @_name
    "=="
    (string
      (string_start) @_quote
      (string_content) @_main)
    .)
  (#eq? @_name "__name__")
  (#eq? @_main "__main__")
  (#not-match? @_quote "[fFbB]")) @occurrence

; if "__main__" == __name__: ...
(if_statement
  condition: (comparison_operator
    .
    (string
      (string_start) @_quote
      (string_content) @_main)
    "=="
    (identifier) @_name
    .)
  (#eq? @_name "__name__")
  (#eq? @_main "__main__")
  (#not-match? @_quote "[fFbB]")) @occurrence

; if (__name__ == "__main__"): ...
(if_statement
  condition: (parenthesized_expression
    (comparison_operator
      .
      (identifier) @_name
      "=="
      (string
        (string_start) @_quote
        (string_content) @_main)
      .))
  (#eq? @_name "__name__")
  (#eq? @_main "__main__")
  (#not-match? @_quote "[fFbB]")) @occurrence

; if ("__main__" == __name__): ...
(if_statement
  condition: (parenthesized_expression
    (comparison_operator
      .
      (string
        (string_start) @_quote
        (string_content) @_main)
      "=="
      (identifier) @_name
      .))
  (#eq? @_name "__name__")
  (#eq? @_main "__main__")
  (#not-match? @_quote "[fFbB]")) @occurrence
