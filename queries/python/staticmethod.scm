; @staticmethod
(decorator
  (identifier) @_name
  (#eq? @_name "staticmethod")) @occurrence
