; def greet(name) -> str: ...
(function_definition
  return_type: (_)) @occurrence

; def greet(name: str): ...    def greet(name: str = "you"): ...
(function_definition
  parameters: (parameters
    [
      (typed_parameter)
      (typed_default_parameter)
    ])) @occurrence

; count: int = 0    names: list[str]
(assignment
  type: (_)) @occurrence
