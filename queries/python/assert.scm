; assert total >= 0, "negative total"
(assert_statement) @occurrence
