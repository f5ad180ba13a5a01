; @classmethod
(decorator
  (identifier) @_name
  (#eq? @_name "classmethod")) @occurrence
