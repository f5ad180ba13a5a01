; @staticmethod
(decorator
  (identifier) @_name
  (#eq? @_name "staticmethod")) @occurrence

; @(staticmethod)
(decorator
  (parenthesized_expression
    (identifier) @_name)
  (#eq? @_name "staticmethod")) @occurrence
