; (1, 2)    ()    (a bare `1, 2` is not a parenthesized tuple)
(tuple) @occurrence
