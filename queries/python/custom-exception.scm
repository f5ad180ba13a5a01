; class ConfigError(Exception): ...    class Stale(errors.BaseError): ...
(class_definition
  superclasses: (argument_list
    (identifier) @_base)
  (#match? @_base "^(Exception|BaseException|Warning)$|(Error|Exception|Warning)$")) @occurrence

(class_definition
  superclasses: (argument_list
    (attribute
      attribute: (identifier) @_base))
  (#match? @_base "^(Exception|BaseException|Warning)$|(Error|Exception|Warning)$")) @occurrence
