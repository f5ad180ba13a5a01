; class ConfigError(Exception): ...    class Odd(Mixin, UserWarning): ...
(class_definition
  superclasses: (argument_list
    (identifier) @_base)
  (#match? @_base "(Error|Exception|Warning)$")) @occurrence

; class Stale(errors.CacheError): ...    (not a call's attribute: factory().BuildError)
(class_definition
  superclasses: (argument_list
    (attribute
      attribute: (identifier) @_last) @_base)
  (#match? @_last "(Error|Exception|Warning)$")
  (#match? @_base "^[^\\W\\d]\\w*(\\s*\\.\\s*[^\\W\\d]\\w*)+$")) @occurrence
