; if ready: ...   (its elif/else clauses belong to it)
(if_statement) @occurrence

; label = "big" if size > 10 else "small"
(conditional_expression) @occurrence
