; @property
(decorator
  (identifier) @_name
  (#eq? @_name "property")) @occurrence

; @(property)
(decorator
  (parenthesized_expression
    (identifier) @_name)
  (#eq? @_name "property")) @occurrence

; @radius.setter    @radius.deleter
(decorator
  (attribute
    object: (identifier)
    attribute: (identifier) @_name)
  (#any-of? @_name "setter" "deleter")) @occurrence
