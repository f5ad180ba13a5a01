; (n * n for n in numbers)    sum(n for n in numbers)
(generator_expression) @occurrence
