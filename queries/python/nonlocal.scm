; nonlocal count
(nonlocal_statement) @occurrence
