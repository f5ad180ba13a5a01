; [n * n for n in numbers]
(list_comprehension) @occurrence
