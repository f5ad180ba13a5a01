; self.__balance    cls.__registry    (not self.__init__)
(attribute
  object: (identifier) @_owner
  attribute: (identifier) @_name
  (#any-of? @_owner "self" "cls")
  (#match? @_name "^__")
  (#not-match? @_name "__$")) @occurrence

; [*self.__items]    (tree-sitter reads the star as part of the object)
(attribute
  object: (list_splat
    (identifier) @_owner)
  attribute: (identifier) @_name
  (#any-of? @_owner "self" "cls")
  (#match? @_name "^__")
  (#not-match? @_name "__$")) @occurrence
