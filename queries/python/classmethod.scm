; @classmethod
(decorator
  (identifier) @_name
  (#eq? @_name "classmethod")) @occurrence

; @(classmethod)
(decorator
  (parenthesized_expression
    (identifier) @_name)
  (#eq? @_name "classmethod")) @occurrence
